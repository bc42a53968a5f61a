package dev.floe.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import dev.floe.testing.Fixtures;
import java.time.Instant;
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
    EventRecord e =
        new EventRecord(
            "1",
            "t",
            "s",
            "1.0",
            null,
            null,
            null,
            null,
            big,
            Map.of(),
            CloudflareInfo.NONE,
            Instant.EPOCH);
    assertThat(EventCodec.decode(EventCodec.encode(List.of(e, e, e))))
        .hasSize(3)
        .allSatisfy(d -> assertThat(d.data()).isEqualTo(big));
  }
}
