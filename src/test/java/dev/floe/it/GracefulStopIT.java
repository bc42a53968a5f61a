package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.testing.TestTables;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping the server (SIGTERM, as Ctrl-C or an orchestrator does) flushes every buffer first. The
 * server is started as scripts/run.sh starts it, with a buffer timeout far beyond the test.
 */
class GracefulStopIT {
  @TempDir Path warehouse;
  private FloeServer server;

  @AfterEach
  void kill() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void stoppingFlushesEveryBuffer() {
    server =
        FloeServer.builder(warehouse.resolveSibling(warehouse.getFileName() + "-payara"))
            .logFile(warehouse.resolveSibling(warehouse.getFileName() + ".log"))
            .property("floe.warehouse", warehouse)
            .property("iceberg.buffer.timeout.ms", 3_600_000)
            .build()
            .start()
            .awaitReady(FloeServer.START_TIMEOUT);
    Http http = server.http();

    for (int i = 0; i < 20; i++) {
      String type = i % 2 == 0 ? "stop.a" : "stop.b";
      assertThat(
              http.post("events", "application/json", Http.event("s" + i, type, null)).statusCode())
          .isEqualTo(202);
    }
    server.stop(); // SIGTERM; fails unless the server exits within 90 s

    List<Record> rows = TestTables.rows(TestTables.load(warehouse.resolve("analytics/events")));
    assertThat(rows).hasSize(20);
  }
}
