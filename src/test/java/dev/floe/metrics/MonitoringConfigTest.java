package dev.floe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus alert rules under {@code server-config/monitoring} use
 * only metrics Floe serves: every {@code floe_*} name in them is a series of {@code
 * /admin/metrics}, rendered here from {@link FloeStats} as the endpoint renders it.
 */
class MonitoringConfigTest {
  private static final Path DIR = Path.of("server-config/monitoring");
  private static final Pattern METRIC = Pattern.compile("\\bfloe_[a-z_]+");

  @Test
  void dashboardUsesOnlyServedMetrics() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(DIR.resolve("grafana-dashboard.json").toFile());
    Set<String> used = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        used.addAll(metrics(target.path("expr").asText()));
      }
    }
    used.addAll(metrics(dashboard.path("templating").toString()));
    assertThat(used).as("metrics the dashboard uses").hasSizeGreaterThan(10);
    assertThat(served()).containsAll(used);
  }

  @Test
  void alertRulesUseOnlyServedMetricsAndCoverTheIssuesAlerts() throws IOException {
    String rules = Files.readString(DIR.resolve("prometheus-rules.yaml"));
    Set<String> used = metrics(rules);
    assertThat(served()).containsAll(used);
    assertThat(rules)
        .contains("alert: FloeNoCommit")
        .contains("alert: FloeFlushesFailing")
        .contains("alert: FloeBufferBudgetHigh")
        .contains("alert: FloeLogAlmostFull")
        .contains("alert: FloeReadinessFlapping")
        .contains("alert: FloeStorageDown")
        .contains("alert: FloeCatalogDown");
    assertThat(used)
        .contains(
            "floe_last_commit_timestamp_seconds",
            "floe_flushes_failed_total",
            "floe_buffer_budget_used_ratio",
            "floe_wal_bytes",
            "floe_wal_max_bytes",
            "floe_ready",
            "floe_storage_up",
            "floe_catalog_up");
  }

  /** Series names on {@code /admin/metrics}, with every labelled family given one label. */
  private static Set<String> served() {
    FloeStats stats = new FloeStats();
    stats.rejected("buffer-full");
    stats.byType.accepted("page.view");
    stats.byType.source(() -> Map.of("page.view", new TypeFigures.Figures(1, 100)));
    stats.commitDuration.record(1_000_000);
    Set<String> names = new TreeSet<>();
    for (String line : PrometheusText.of(stats).split("\n")) {
      if (!line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  private static Set<String> metrics(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
