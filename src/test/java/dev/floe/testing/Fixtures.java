package dev.floe.testing;

import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import java.time.Instant;
import java.util.Map;

/** Named events for tests of the lake and the buffers. */
public final class Fixtures {
  private Fixtures() {}

  public static final CloudflareInfo CF =
      new CloudflareInfo(
          "SJC",
          "US",
          "San Jose",
          "NA",
          "95113",
          "California",
          "America/Los_Angeles",
          "HTTP/2",
          "TLSv1.3",
          "AEAD-AES128-GCM-SHA256");

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

  public static EventRecord event(String id, String type, Instant time) {
    return new EventRecord(
        id,
        type,
        "test",
        "1.0",
        time,
        null,
        null,
        null,
        null,
        Map.of(),
        CloudflareInfo.NONE,
        Instant.now());
  }
}
