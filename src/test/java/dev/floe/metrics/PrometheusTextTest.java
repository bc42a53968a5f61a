package dev.floe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
        .contains("# TYPE floe_commit_duration_seconds histogram\n")
        .contains("floe_commit_duration_seconds_count 2\n")
        .contains("floe_commit_duration_seconds_sum 1\n")
        .contains("floe_commit_duration_seconds_max 0.75\n")
        .contains("floe_buffered_events 12\n")
        .contains("floe_requests_rejected_total{reason=\"too-large\"} 1\n")
        .contains("floe_type_buffered_events{type=\"say \\\"hi\\\"\\\\now\"} 2\n")
        .contains("floe_type_buffered_bytes{type=\"say \\\"hi\\\"\\\\now\"} 300\n");
    for (String line : text.split("\n")) {
      assertThat(line).matches("# (HELP|TYPE) .*|[a-z_]+(\\{[a-z]+=\".*\"\\})? ([0-9.eE+-]+|NaN)");
    }
  }

  @Test
  void timingsAreHistogramsWithCumulativeBuckets() {
    FloeStats stats = new FloeStats();
    stats.walForce.record(300_000); // 0.3 ms
    stats.walForce.record(2_000_000); // 2 ms
    stats.walForce.record(90_000_000_000L); // 90 s: past every bound

    String text = PrometheusText.of(stats);

    assertThat(text)
        .contains("floe_wal_fsync_duration_seconds_bucket{le=\"0.0001\"} 0\n")
        .contains("floe_wal_fsync_duration_seconds_bucket{le=\"0.0005\"} 1\n")
        .contains("floe_wal_fsync_duration_seconds_bucket{le=\"0.001\"} 1\n")
        .contains("floe_wal_fsync_duration_seconds_bucket{le=\"0.0025\"} 2\n")
        .contains("floe_wal_fsync_duration_seconds_bucket{le=\"60\"} 2\n")
        .contains("floe_wal_fsync_duration_seconds_bucket{le=\"+Inf\"} 3\n")
        .contains("floe_wal_fsync_duration_seconds_count 3\n");
  }

  @Test
  void lastCommitBuildInfoAndAcceptedByType() {
    FloeStats stats = new FloeStats();
    assertThat(PrometheusText.of(stats)).contains("floe_last_commit_timestamp_seconds 0\n");
    long before = System.currentTimeMillis() / 1000;
    stats.snapshotsCommitted.inc(1);
    stats.byType.accepted("page.view");
    stats.byType.accepted(List.of("page.view", "click", "click", "page.view"), t -> t);

    String text = PrometheusText.of(stats);

    double last =
        Double.parseDouble(
            text.lines()
                .filter(l -> l.startsWith("floe_last_commit_timestamp_seconds "))
                .findFirst()
                .orElseThrow()
                .split(" ")[1]);
    assertThat(last).isBetween((double) before, before + 60.0);
    assertThat(text)
        .containsPattern("floe_build_info\\{version=\"[^\"]+\"\\} 1\n")
        .contains("floe_type_accepted_events_total{type=\"page.view\"} 3\n")
        .contains("floe_type_accepted_events_total{type=\"click\"} 2\n");
  }

  @Test
  void acceptedTypesPastTheLimitShareOneLabel() {
    FloeStats stats = new FloeStats();
    for (int i = 0; i < TypeFigures.MAX_TYPES + 20; i++) {
      stats.byType.accepted("t" + i);
    }
    Map<String, Long> accepted = stats.byType.acceptedByLabel();
    assertThat(accepted).hasSize(TypeFigures.MAX_TYPES).containsEntry(TypeFigures.OTHER, 21L);
  }
}
