package dev.floe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IngestLimitsTest {
  private static IngestLimits read(Map<String, String> m) {
    return IngestLimits.from(k -> Optional.ofNullable(m.get(k)));
  }

  @Test
  void defaults() {
    IngestLimits l = read(Map.of());
    assertThat(l.eventMaxAgeMillis()).isEqualTo(3650L * 86_400_000);
    assertThat(l.eventMaxLeadMillis()).isEqualTo(3_600_000);
    assertThat(l.bodyTimeoutMillis()).isEqualTo(30_000);
    assertThat(l.maxReadingBytes()).isEqualTo(256L << 20);
    assertThat(l.maxRequestPartitions()).isEqualTo(100);
    assertThat(l.maxOpenPartitions()).isEqualTo(10_000);
    assertThat(l.maxEventTypes()).isEqualTo(1_000);
    assertThat(l.rateLimited()).isFalse();
  }

  @Test
  void durationsAndTheirChecks() {
    IngestLimits l =
        read(
            Map.of(
                "floe.event.max.age",
                "7d",
                "floe.event.max.lead",
                "15m",
                "floe.body.timeout",
                "500ms".replace("500ms", "2s")));
    assertThat(l.eventMaxAgeMillis()).isEqualTo(7 * 86_400_000L);
    assertThat(l.eventMaxLeadMillis()).isEqualTo(900_000);
    assertThat(l.bodyTimeoutMillis()).isEqualTo(2000);
    assertThatThrownBy(() -> read(Map.of("floe.event.max.age", "soon")))
        .hasMessageContaining("FLOE_EVENT_MAX_AGE");
    assertThatThrownBy(() -> read(Map.of("floe.body.timeout", "10ms")))
        .hasMessageContaining("FLOE_BODY_TIMEOUT");
    assertThatThrownBy(() -> read(Map.of("floe.max.open.partitions", "0")))
        .hasMessageContaining("FLOE_MAX_OPEN_PARTITIONS");
    assertThatThrownBy(() -> read(Map.of("floe.max.event.types", "many")))
        .hasMessageContaining("FLOE_MAX_EVENT_TYPES");
    assertThat(read(Map.of("floe.max.open.partitions", "3")).maxOpenPartitions()).isEqualTo(3);
    assertThatThrownBy(() -> read(Map.of("floe.rate.events.per.second", "-1")))
        .hasMessageContaining("FLOE_RATE_EVENTS_PER_SECOND");
  }
}
