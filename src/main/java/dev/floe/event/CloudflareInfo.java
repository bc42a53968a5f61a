package dev.floe.event;

import java.util.List;

/**
 * What the request carried about its visitor when it came through Cloudflare, and what the
 * connection itself says (protocol, TLS). Any field may be null. {@link Columns#CLOUDFLARE} lists
 * the facts with their columns.
 */
public record CloudflareInfo(
    String colo,
    String country,
    String city,
    String continent,
    String postalCode,
    String region,
    String timezone,
    String httpProtocol,
    String tlsVersion,
    String tlsCipher) {

  public static final CloudflareInfo NONE =
      new CloudflareInfo(null, null, null, null, null, null, null, null, null, null);

  /** Built from the facts' values in the order of {@link Columns#CLOUDFLARE}. */
  public static CloudflareInfo of(List<String> v) {
    if (v.size() != Columns.CLOUDFLARE.size()) {
      throw new IllegalArgumentException(
          "expected " + Columns.CLOUDFLARE.size() + " Cloudflare facts, got " + v.size());
    }
    CloudflareInfo c =
        new CloudflareInfo(
            v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6), v.get(7),
            v.get(8), v.get(9));
    return c.equals(NONE) ? NONE : c;
  }

  long estimatedBytes() {
    long bytes = 0;
    for (Columns.Fact f : Columns.CLOUDFLARE) {
      bytes += EventRecord.chars(f.value().apply(this));
    }
    return bytes;
  }
}
