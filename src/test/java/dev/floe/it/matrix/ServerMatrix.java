package dev.floe.it.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.Processes;
import dev.floe.it.fixtures.SeedEvents;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same Floe on Payara Micro, Payara Server and WildFly, one server after the other: deploy,
 * send the seed's events, flush, read the rows back from the table, check health and metrics,
 * undeploy (what was buffered lands), deploy twice more, then check that the flush timer ticks once
 * a second (a timer left from an earlier deployment would add its own ticks) and that no thread
 * Floe or its libraries started outlives its deployment. Startup time, memory and deploy times go
 * to {@code matrix/report.json} in the build folder.
 *
 * <p>Not part of {@code verify}: {@code scripts/server-matrix} ({@code ./mvnw verify
 * -Pserver-matrix}) runs it; {@code -Dfloe.matrix.servers=wildfly} picks servers. Payara Server
 * gets the EAR and WildFly the WAR (WildFly runs no health check of a WAR inside an EAR); {@code
 * -Dfloe.matrix.artifact=war} or {@code ear} deploys that to both.
 */
class ServerMatrix {
  /** Long enough that only the test's flushes and the undeploy's flush commit anything. */
  static final long BUFFER_TIMEOUT_MS = 3_600_000;

  private static final Pattern TICKS =
      Pattern.compile(
          "^floe_flush_timer_ticks_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$", Pattern.MULTILINE);
  private static final Pattern ACCEPTED =
      Pattern.compile(
          "^floe_events_accepted_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$", Pattern.MULTILINE);
  private static final Path DIR =
      Path.of(System.getProperty("floe.matrix.dir", "target/matrix")).toAbsolutePath();
  private static final MatrixReport REPORT = new MatrixReport();

  // reading the table back logs every scan at INFO; held here, as JUL keeps loggers weakly
  private static final List<Logger> QUIET =
      List.of(Logger.getLogger("org.apache.iceberg"), Logger.getLogger("org.apache.hadoop"));

  static {
    QUIET.forEach(l -> l.setLevel(Level.WARNING));
  }

  static List<String> servers() {
    return List.of(
        System.getProperty("floe.matrix.servers", "payara-micro,payara-server,wildfly").split(","));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void floeRunsAndRedeploysCleanly(String name) throws Exception {
    MatrixReport.Row row = REPORT.row(name);
    // checks that leave the server usable are soft, so one run measures everything it can
    SoftAssertions soft = new SoftAssertions();
    try (MatrixServer server = server(name.strip())) {
      row.artifact = server.artifact();
      row.startupSeconds = seconds(server.start());
      if (server instanceof ScriptMatrixServer s) {
        row.firstRunSeconds = seconds(s.firstRun());
      }
      long pid = server.pid();
      row.rssMib = JvmProbe.rssMib(pid);

      seedEventsLand(server);
      healthAndMetricsAnswer(soft, server, 4);
      row.floeThreadsFirst = JvmProbe.floeThreads(pid);

      for (int deployment = 2; deployment <= 3; deployment++) {
        String buffered = "buffered-" + deployment;
        accept(server, buffered); // no flush: undeploying must commit it
        if (server.canUndeploy()) {
          server.undeploy();
          soft.assertThat(server.app().get("debug/status/x").statusCode())
              .as("GET /debug/status/x after --undeploy")
              .isNotEqualTo(200);
          row.floeThreadsUndeployed = JvmProbe.floeThreads(pid);
          soft.assertThat(row.floeThreadsUndeployed)
              .as("threads of Floe and its libraries left after undeploy #%d", deployment - 1)
              .isEmpty();
        }
        row.deploySeconds.add(seconds(server.deploy()));
        assertThat(server.pid()).as("server process after the redeploy").isEqualTo(pid);
        soft.assertThat(ids(server))
            .as("ids in the table: the event buffered at undeploy #%d", deployment - 1)
            .contains(buffered);
        String fresh = "deployment-" + deployment;
        accept(server, fresh);
        flush(server);
        // tells a lost event from one the undeploy left in the log for the next flush
        soft.assertThat(ids(server)).as("ids in the table after a flush").contains(fresh, buffered);
      }

      row.ticksPerSecond = tickRate(server, Duration.ofSeconds(10));
      soft.assertThat(row.ticksPerSecond)
          .as("flush timer ticks per second after two redeploys")
          .isBetween(0.6, 1.4);
      row.floeThreadsLast = JvmProbe.floeThreads(pid);
      soft.assertThat(row.floeThreadsLast)
          .as(
              "threads of Floe and its libraries after two redeploys (first deployment: %s)",
              row.floeThreadsFirst)
          .hasSizeLessThanOrEqualTo(row.floeThreadsFirst.size());
      // measured, not asserted: Iceberg's static worker pool registers a JVM shutdown hook, which
      // keeps each deployment's class loader reachable whatever Floe does on undeploy
      row.floeClassCopies = JvmProbe.loadedCopies(pid, "dev.floe.buffer.PartitionBuffers");
      healthAndMetricsAnswer(soft, server, 1);

      server.stop();
    } catch (Throwable t) {
      soft.fail(t.getMessage() == null ? t.toString() : t.getMessage(), t);
    } finally {
      soft.errorsCollected().forEach(e -> row.failures.add(MatrixReport.oneLine(e.getMessage())));
      row.passed = row.failures.isEmpty();
    }
    soft.assertAll();
  }

  @AfterAll
  static void report() throws Exception {
    Files.createDirectories(DIR);
    REPORT.write(DIR.resolve("report.json"));
    String table = REPORT.table();
    Files.writeString(DIR.resolve("report.txt"), table);
    System.out.println("\nServer matrix (" + DIR.resolve("report.json") + "):\n" + table);
  }

  private static MatrixServer server(String name) {
    Path dir = DIR.resolve(name);
    return switch (name) {
      case "payara-micro" -> new MicroMatrixServer(dir);
      case "payara-server" -> ScriptMatrixServer.payaraServer(dir);
      case "wildfly" -> ScriptMatrixServer.wildfly(dir);
      default -> throw new IllegalArgumentException("unknown server " + name);
    };
  }

  /** The seed's four events, flushed in one commit, read back column by column. */
  private static void seedEventsLand(MatrixServer server) throws Exception {
    SeedEvents.send(server.app());
    flush(server);
    Map<String, Record> rows = TestTables.rowsById(table(server), "page.view");
    assertThat(rows).containsOnlyKeys("123", "124", "125", "126");
    SeedEvents.assertRows(rows);
  }

  private static void healthAndMetricsAnswer(
      SoftAssertions soft, MatrixServer server, long accepted) {
    HttpResponse<String> ready = server.health().get("health/ready");
    soft.assertThat(ready.statusCode()).as("GET /health/ready: %s", ready.body()).isEqualTo(200);
    soft.assertThat(ready.body()).contains("floe-intake").contains("\"UP\"");

    HttpResponse<String> metrics = server.app().get("admin/metrics");
    soft.assertThat(metrics.statusCode()).as("GET /admin/metrics").isEqualTo(200);
    soft.assertThat(value(ACCEPTED, metrics.body()))
        .as("floe_events_accepted_total")
        .isEqualTo(accepted);
    soft.assertThat(metrics.body()).contains("floe_flush_timer_ticks_total");
    if (server.hasMicroProfileMetrics()) {
      HttpResponse<String> mp = server.app().get("metrics?scope=application");
      soft.assertThat(mp.statusCode()).as("GET /metrics?scope=application").isEqualTo(200);
      soft.assertThat(mp.body()).contains("floe_events_accepted_total");
    }
  }

  private static void accept(MatrixServer server, String id) {
    HttpResponse<String> r =
        server.app().post("events", "application/json", Http.event(id, "matrix.deploy", null));
    assertThat(r.statusCode()).as("POST /events: %s", r.body()).isEqualTo(202);
  }

  private static void flush(MatrixServer server) {
    HttpResponse<String> r = server.app().post("debug/flush", "application/json", "");
    assertThat(r.statusCode()).as("POST /debug/flush: %s", r.body()).isEqualTo(200);
  }

  private static List<String> ids(MatrixServer server) {
    return TestTables.ids(table(server), "matrix.deploy");
  }

  private static Table table(MatrixServer server) {
    return TestTables.load(server.warehouse().resolve("analytics/events"));
  }

  /** Ticks of the flush timer per second over the window, from Floe's own counter. */
  private static double tickRate(MatrixServer server, Duration window) {
    long t0 = System.nanoTime();
    long first = ticks(server.app());
    Processes.sleep(window.toMillis());
    long last = ticks(server.app());
    return (last - first) / ((System.nanoTime() - t0) / 1e9);
  }

  static long ticks(Http app) {
    HttpResponse<String> r = app.get("admin/metrics");
    assertThat(r.statusCode()).as("GET /admin/metrics").isEqualTo(200);
    return ticks(r.body());
  }

  static long ticks(String prometheusText) {
    return value(TICKS, prometheusText);
  }

  private static long value(Pattern sample, String text) {
    Matcher m = sample.matcher(text);
    assertThat(m.find()).as("%s in:\n%s", sample, text).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  private static double seconds(Duration d) {
    return Math.round(d.toMillis() / 100.0) / 10.0;
  }
}
