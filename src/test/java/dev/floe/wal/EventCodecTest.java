package dev.floe.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void versionTwoCarriesEachEventsTableAndVersionOneReadsAsTheDefault() {
    EventRecord a = Fixtures.event("a", "page.view", Instant.parse("2024-01-15T14:30:00Z"));
    EventRecord b = Fixtures.event("b", "user.login", Instant.parse("2024-01-15T14:30:00Z"));
    EventRecord c = Fixtures.event("c", "page.click", Instant.parse("2024-01-15T14:30:00Z"));
    Map<String, String> tables = Map.of("page.view", "web.pv", "user.login", "app.users");
    java.util.function.Function<EventRecord, String> tableOf =
        e -> tables.getOrDefault(e.type(), "analytics.events");

    byte[] routed = EventCodec.encode(List.of(a, b, c), tableOf, "analytics.events");
    EventCodec.Decoded d = EventCodec.decode(routed, "other.default");

    assertThat(routed[0]).isEqualTo((byte) 2);
    assertThat(d.events()).containsExactly(a, b, c);
    assertThat(d.tables()).containsExactly("web.pv", "app.users", "analytics.events");
    assertThat(EventCodec.decode(routed)).containsExactly(a, b, c);

    // all to the default table: the very bytes of version 1, which read back as the default
    byte[] plain = EventCodec.encode(List.of(c), tableOf, "analytics.events");
    assertThat(plain).isEqualTo(EventCodec.encode(List.of(c)));
    assertThat(EventCodec.decode(plain, "analytics.events").tables())
        .containsExactly("analytics.events");
    byte[] old = Base64.getDecoder().decode(VERSION_1);
    assertThat(EventCodec.decode(old, "x.y").tables()).containsExactly("x.y", "x.y");
  }

  @Test
  void aVersionTwoRecordWithABadTableIndexIsRefused() {
    EventRecord a = Fixtures.event("a", "t", Instant.parse("2024-01-15T14:30:00Z"));
    byte[] routed = EventCodec.encode(List.of(a), e -> "x.y", "d.d");
    routed[4 + 1 + 4 + 3 + 4] = 9; // the first event's table index: only 0 exists
    assertThatThrownBy(() -> EventCodec.decode(routed, "d.d"))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }
}
