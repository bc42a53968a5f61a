package dev.floe.event;

/**
 * What the request carried about its visitor when it came through Cloudflare, and what the
 * connection itself says (protocol, TLS). Any field may be null.
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

  long estimatedBytes() {
    return EventRecord.chars(colo)
        + EventRecord.chars(country)
        + EventRecord.chars(city)
        + EventRecord.chars(continent)
        + EventRecord.chars(postalCode)
        + EventRecord.chars(region)
        + EventRecord.chars(timezone)
        + EventRecord.chars(httpProtocol)
        + EventRecord.chars(tlsVersion)
        + EventRecord.chars(tlsCipher);
  }
}
