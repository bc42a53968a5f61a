package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import dev.floe.testing.TestTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stopping the server (SIGTERM, as Ctrl-C or an orchestrator does) flushes every buffer first. The
 * server is started as scripts/run.sh starts it, with a buffer timeout far beyond the test.
 */
class GracefulStopIT {
  @RegisterExtension
  static final Harness harness = Harness.with().floe(FloeServer.Builder::noTimedFlush).build();

  @Test
  void stoppingFlushesEveryBuffer() {
    FloeServer server = harness.floe();
    Http http = server.http();
    for (int i = 0; i < 20; i++) {
      http.accept("s" + i, i % 2 == 0 ? "stop.a" : "stop.b");
    }
    server.stop(); // SIGTERM; fails unless the server exits within 90 s

    assertThat(TestTables.rows(harness.table())).hasSize(20);
  }
}
