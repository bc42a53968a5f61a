package dev.floe.testing;

import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import java.time.Instant;
import java.util.Map;

/** Named events for tests of the lake and the buffers. */
public final class Fixtures {
  private Fixtures() {}

  public static final CloudflareInfo CF =
      sanJose("San Jose", "HTTP/2", "TLSv1.3", "AEAD-AES128-GCM-SHA256");

  /** The seed's curl example, as ingest would hand it on. */
  public static final EventRecord PAGE_VIEW =
      new EventRecord(
          "123",
          "page.view",
          "website",
          "1.0",
          Instant.parse("2024-01-15T14:30:00Z"),
          "home",
          "application/json",
          "https://example.com/schema",
          "{\"page\":\"/home\"}",
          Map.of("traceparent", "00-abc-01"),
          CF,
          Instant.parse("2024-01-15T14:30:01Z"));

  /** Cloudflare's facts for a request through its San Jose colo; the city's spelling varies. */
  public static CloudflareInfo sanJose(String city, String protocol, String tls, String cipher) {
    return new CloudflareInfo(
        "SJC",
        "US",
        city,
        "NA",
        "95113",
        "California",
        "America/Los_Angeles",
        protocol,
        tls,
        cipher);
  }

  public static EventRecord event(String id, String type, Instant time) {
    return sparse(id, type, "test", time, null, CloudflareInfo.NONE, Instant.now());
  }

  /** An event with spec version 1.0, no subject, content type, schema or extensions. */
  public static EventRecord sparse(
      String id,
      String type,
      String source,
      Instant time,
      String data,
      CloudflareInfo cloudflare,
      Instant receivedAt) {
    return new EventRecord(
        id, type, source, "1.0", time, null, null, null, data, Map.of(), cloudflare, receivedAt);
  }

  /** {@link #PAGE_VIEW} with another id and event time. */
  public static EventRecord pageView(String id, Instant time) {
    EventRecord p = PAGE_VIEW;
    return new EventRecord(
        id,
        p.type(),
        p.source(),
        p.specversion(),
        time,
        p.subject(),
        p.datacontenttype(),
        p.dataschema(),
        p.data(),
        p.extensions(),
        p.cloudflare(),
        p.receivedAt());
  }
}
