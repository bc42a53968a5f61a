package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.Processes;
import dev.floe.it.harness.Harness;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Floe's figures in Prometheus text at /metrics and /admin/metrics (they appear, they move, and
 * they parse), per event type too, in its health checks' data and over JMX.
 */
class MetricsIT {
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");

  /** The server's MicroProfile Metrics, and Floe's own page, which every server has. */
  private static final String[] PAGES = {"metrics?scope=application", "admin/metrics"};

  private static final int JMX_PORT = Processes.freePort();

  @RegisterExtension
  static final Harness harness =
      Harness.with()
          .floe(
              f ->
                  f.noTimedFlush()
                      .property("com.sun.management.jmxremote.port", JMX_PORT)
                      .property("com.sun.management.jmxremote.rmi.port", JMX_PORT)
                      .property("com.sun.management.jmxremote.authenticate", false)
                      .property("com.sun.management.jmxremote.ssl", false)
                      .property("com.sun.management.jmxremote.host", "127.0.0.1")
                      .property("java.rmi.server.hostname", "127.0.0.1"))
          .build();

  @Test
  void countersReadWhatHappened() throws Exception {
    Http http = harness.floe().http();
    http.acceptMany("m", 7, "metrics.a");
    List<String> batch =
        List.of("b1", "b2", "b3").stream().map(id -> Http.event(id, "metrics.b", null)).toList();
    assertThat(http.postBatch(batch).statusCode()).isEqualTo(202);
    assertThat(http.post("events", "application/json", "{\"nope\":1}").statusCode()).isEqualTo(400);

    for (String page : PAGES) {
      Map<String, Double> before = scrape(http, page);
      assertThat(before)
          .containsEntry("floe_events_accepted_total", 10.0)
          .containsEntry("floe_buffered_events", 10.0)
          .containsEntry("floe_type_buffered_events{type=\"metrics.a\"}", 7.0)
          .containsEntry("floe_type_buffered_events{type=\"metrics.b\"}", 3.0);
      assertThat(before.get("floe_buffered_bytes")).isPositive();
      assertThat(before.get("floe_type_buffered_bytes{type=\"metrics.a\"}")).isPositive();
      assertThat(before.get("floe_flush_timer_ticks_total")).isPositive();
    }

    assertThat(http.get("health/ready").body())
        .containsPattern("\"buffered_events\":\"?10\"?")
        .containsPattern("\"buffer_budget_used_percent\":\"?0\"?");
    HttpResponse<String> started = http.get("health/started");
    assertThat(started.statusCode()).isEqualTo(200);
    assertThat(started.body()).contains("floe-started").contains("\"ack\":\"fsync\"");

    assertThat(http.flush().statusCode()).isEqualTo(200);
    assertThat(http.get("health/ready").body()).containsPattern("\"buffered_events\":\"?0\"?[,}]");
    Thread.sleep(200); // per-type figures are read at most every 100 ms
    for (String page : PAGES) {
      Map<String, Double> after = scrape(http, page);
      assertThat(after)
          .containsEntry("floe_events_committed_total", 10.0)
          .containsEntry("floe_snapshots_committed_total", 1.0)
          .containsEntry("floe_files_written_total", 2.0)
          .containsEntry("floe_buffered_events", 0.0)
          .containsEntry("floe_type_buffered_events{type=\"metrics.a\"}", 0.0)
          .containsEntry("floe_type_buffered_bytes{type=\"metrics.b\"}", 0.0)
          .containsEntry("floe_requests_rejected_total{reason=\"invalid\"}", 1.0)
          .containsEntry("floe_flush_duration_seconds_count", 1.0)
          .containsEntry("floe_commit_duration_seconds_count", 1.0);
      assertThat(after.get("floe_received_bytes_total")).isPositive();
      assertThat(after.get("floe_written_bytes_total")).isPositive();
      assertThat(after.get("floe_wal_fsync_duration_seconds_count")).isGreaterThanOrEqualTo(1.0);
    }

    // the same figures over JMX, as jconsole or a server console reads them
    JMXServiceURL url =
        new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + JMX_PORT + "/jmxrmi");
    try (JMXConnector jmx = JMXConnectorFactory.connect(url)) {
      MBeanServerConnection c = jmx.getMBeanServerConnection();
      ObjectName floeBean = new ObjectName("dev.floe:type=Floe");
      assertThat(c.getAttribute(floeBean, "EventsAcceptedTotal")).isEqualTo(10L);
      assertThat(c.getAttribute(floeBean, "EventsCommittedTotal")).isEqualTo(10L);
      assertThat(c.getAttribute(floeBean, "BufferedEvents")).isEqualTo(0.0);
      assertThat((String) c.getAttribute(floeBean, "RequestsRejectedByReason"))
          .isEqualTo("{invalid=1}");
    }
  }

  /**
   * Parses Prometheus text; every line must be a comment or a sample. Keys are the metric name plus
   * its labels other than {@code mp_scope}.
   */
  private static Map<String, Double> scrape(Http http, String page) {
    HttpResponse<String> r = http.get(page);
    assertThat(r.statusCode()).as(page).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    Map<String, Double> out = new HashMap<>();
    for (String line : r.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line.trim());
      assertThat(m.matches()).as("a Prometheus sample: " + line + "\nin:\n" + r.body()).isTrue();
      String labels =
          m.group(2) == null
              ? ""
              : m.group(2)
                  .replaceAll("mp_scope=\"[^\"]*\",?", "")
                  .replaceAll(",}", "}")
                  .replace("{}", "");
      out.put(m.group(1) + labels, Double.parseDouble(m.group(3)));
    }
    return out;
  }
}
