package dev.floe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void countersTimingsGaugesAndLabels() {
    FloeStats stats = new FloeStats();
    stats.eventsAccepted.inc(3);
    stats.commitDuration.record(250_000_000);
    stats.commitDuration.record(750_000_000);
    stats.bufferedEvents.source(() -> 12);
    stats.rejected("too-large");
    stats.byType.label("say \"hi\"\\now");
    stats.byType.source(() -> Map.of("say \"hi\"\\now", new TypeFigures.Figures(2, 300)));

    String text = PrometheusText.of(stats);

    assertThat(text)
        .contains("# TYPE floe_events_accepted_total counter\nfloe_events_accepted_total 3\n")
        .contains("# TYPE floe_commit_duration_seconds summary\n")
        .contains("floe_commit_duration_seconds_count 2\n")
        .contains("floe_commit_duration_seconds_sum 1\n")
        .contains("floe_commit_duration_seconds_max 0.75\n")
        .contains("floe_buffered_events 12\n")
        .contains("floe_requests_rejected_total{reason=\"too-large\"} 1\n")
        .contains("floe_type_buffered_events{type=\"say \\\"hi\\\"\\\\now\"} 2\n")
        .contains("floe_type_buffered_bytes{type=\"say \\\"hi\\\"\\\\now\"} 300\n");
    for (String line : text.split("\n")) {
      assertThat(line).matches("# (HELP|TYPE) .*|[a-z_]+(\\{[a-z]+=\".*\"\\})? [0-9.eE+-]+");
    }
  }
}
