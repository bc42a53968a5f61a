package dev.floe.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import dev.floe.testing.Fixtures;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  @Test
  void everyFieldComesBack() {
    EventRecord sparse = Fixtures.event("2", "t", null);
    List<EventRecord> events = List.of(Fixtures.PAGE_VIEW, sparse);
    assertThat(EventCodec.decode(EventCodec.encode(events))).isEqualTo(events);
    assertThat(EventCodec.decode(EventCodec.encode(List.of(sparse))).get(0).cloudflare())
        .isSameAs(CloudflareInfo.NONE);
  }

  @Test
  void textBeyondAsciiComesBack() {
    EventRecord e =
        new EventRecord(
            "ü-1",
            "café.visit",
            "ソース",
            "1.0",
            Instant.parse("2024-01-15T14:30:00.123456789Z"),
            "emoji 🎉",
            null,
            null,
            "{\"a\":\"\\u00e9 é 🎉\"}",
            Map.of("ext", "naïve"),
            Fixtures.CF,
            Instant.parse("2024-01-15T14:30:01Z"));
    assertThat(EventCodec.decode(EventCodec.encode(List.of(e, e)))).containsExactly(e, e);
  }

  @Test
  void aLargeBatchGrowsTheBuffer() {
    String big = "x".repeat(10_000);
    EventRecord e = Fixtures.sparse("1", "t", "s", null, big, CloudflareInfo.NONE, Instant.EPOCH);
    assertThat(EventCodec.decode(EventCodec.encode(List.of(e, e, e))))
        .hasSize(3)
        .allSatisfy(d -> assertThat(d.data()).isEqualTo(big));
  }

  /**
   * Bytes that version 1 of the codec wrote, before the Cloudflare facts came from {@code Columns}:
   * logs on disk hold such records and must replay, and encoding the same events must still give
   * these bytes. A change to the facts' list breaks this test, as it would break replay.
   */
  private static final String VERSION_1 =
      "AQAAAAIAAAAEaWQtMQAAAAlwYWdlLnZpZXcAAAATaHR0cHM6Ly9leGFtcGxlLmNvbQAAAAMxLjABAAAA"
          + "AGWlQWgHW80VAAAABHN1YmoAAAAQYXBwbGljYXRpb24vanNvbgAAAA5odHRwczovL3NjaGVtYQAAAAp7"
          + "ImsiOiLDqSJ9AAAAAQAAAAt0cmFjZXBhcmVudAAAAAYwMC1hYmMAAAADU0pDAAAAAlVTAAAACVNhbiBK"
          + "b3PDqQAAAAJOQQAAAAU5NTExMwAAAApDYWxpZm9ybmlhAAAAE0FtZXJpY2EvTG9zX0FuZ2VsZXMAAAAG"
          + "SFRUUC8yAAAAB1RMU3YxLjMAAAAWVExTX0FFU18xMjhfR0NNX1NIQTI1NgEAAAAAZaVBaQAAAAAAAAAB"
          + "MgAAAAF0AAAAAXMAAAADMS4wAP////////////////////8AAAAA////////////////////////////"
          + "/////////////////////////wEAAAAAAAAAAAAAAAA=";

  @Test
  void readsAndWritesVersionOneBytesUnchanged() {
    EventRecord full =
        new EventRecord(
            "id-1",
            "page.view",
            "https://example.com",
            "1.0",
            Instant.parse("2024-01-15T14:30:00.123456789Z"),
            "subj",
            "application/json",
            "https://schema",
            "{\"k\":\"\u00e9\"}",
            Map.of("traceparent", "00-abc"),
            Fixtures.sanJose("San Jos\u00e9", "HTTP/2", "TLSv1.3", "TLS_AES_128_GCM_SHA256"),
            Instant.parse("2024-01-15T14:30:01Z"));
    EventRecord sparse =
        Fixtures.sparse("2", "t", "s", null, null, CloudflareInfo.NONE, Instant.EPOCH);
    byte[] old = Base64.getDecoder().decode(VERSION_1);

    List<EventRecord> decoded = EventCodec.decode(old);

    assertThat(decoded).containsExactly(full, sparse);
    assertThat(decoded.get(1).cloudflare()).isSameAs(CloudflareInfo.NONE);
    assertThat(EventCodec.encode(List.of(full, sparse))).isEqualTo(old);
  }
}
