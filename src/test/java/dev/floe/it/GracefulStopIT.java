package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.testing.TestTables;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the server (SIGTERM, as Ctrl-C or an orchestrator does) flushes every buffer first. The
 * server is started as scripts/run.sh starts it, with a buffer timeout far beyond the test.
 */
class GracefulStopIT {
  private static final int PORT = 18080;

  @TempDir Path warehouse;
  private Process server;

  @AfterEach
  void kill() {
    if (server != null) {
      server.destroyForcibly();
    }
  }

  @Test
  void stoppingFlushesEveryBuffer() throws Exception {
    Path log = warehouse.resolveSibling(warehouse.getFileName() + ".log");
    server =
        new ProcessBuilder(
                javaBin(),
                "-Xmx512m",
                "-Dfloe.warehouse=" + warehouse,
                "-Diceberg.buffer.timeout.ms=3600000",
                "-jar",
                System.getProperty("payara.microJar"),
                "--nohazelcast",
                "--rootdir",
                warehouse.resolveSibling(warehouse.getFileName() + "-payara").toString(),
                "--port",
                Integer.toString(PORT),
                "--contextroot",
                "/",
                "--deploy",
                System.getProperty("floe.it.war"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Http http = new Http("http://localhost:" + PORT + "/");
    awaitReady(http);

    for (int i = 0; i < 20; i++) {
      String type = i % 2 == 0 ? "stop.a" : "stop.b";
      assertThat(
              http.post("events", "application/json", Http.event("s" + i, type, null)).statusCode())
          .isEqualTo(202);
    }
    server.destroy(); // SIGTERM
    assertThat(server.waitFor(90, TimeUnit.SECONDS)).as("server stopped").isTrue();

    List<Record> rows = TestTables.rows(TestTables.load(warehouse.resolve("analytics/events")));
    assertThat(rows).hasSize(20);
  }

  private void awaitReady(Http http) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      assertThat(server.isAlive()).as("server process alive").isTrue();
      try {
        if (http.get("health/ready").statusCode() == 200) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("server not ready within 180 s");
  }

  private static String javaBin() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }
}
