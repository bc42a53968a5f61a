package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.buffer.HaltAfterCommit;
import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process dies right after a commit landed and before its log learned of it (a commit observer
 * that only a copy of the WAR carries halts the JVM there). After a restart the log replays those
 * events, finds them in the table by this node's position in the snapshot summary, and commits
 * nothing twice.
 */
class WalCommitThenCrashIT {
  @TempDir Path dir;

  @Test
  void aCommitThenACrashDuplicatesNothing() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    Path root = dir.resolve("payara");
    List<String> sent = new ArrayList<>();
    try (FloeServer dying =
        FloeServer.builder(root)
            .logFile(FloeServer.logFor("WalCommitThenCrashIT-1"))
            .property("floe.warehouse", warehouse)
            .property("iceberg.buffer.timeout.ms", 3_600_000)
            .deploy(HaltAfterCommit.addTo(Path.of(System.getProperty("floe.it.war")), dir))
            .build()) {
      dying.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = dying.http();
      for (int i = 0; i < 20; i++) {
        String id = "halt-" + i;
        HttpResponse<String> r =
            http.post("events", "application/json", Http.event(id, "halt." + (i % 2), null));
        assertThat(r.statusCode()).isEqualTo(202);
        sent.add(id);
      }
      try {
        http.post("debug/flush", "application/json", "");
      } catch (RuntimeException expected) {
        // the process halts before it can answer
      }
      long deadline = System.currentTimeMillis() + 30_000;
      while (dying.isAlive() && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      assertThat(dying.isAlive()).as("halted after the commit").isFalse();
      assertThat(dying.exitValue()).isEqualTo(HaltAfterCommit.EXIT_CODE);
    }
    assertThat(ids(warehouse)).as("the commit landed").containsExactlyInAnyOrderElementsOf(sent);

    try (FloeServer again =
        FloeServer.builder(root)
            .logFile(FloeServer.logFor("WalCommitThenCrashIT-2"))
            .property("floe.warehouse", warehouse)
            .property("iceberg.buffer.timeout.ms", 3_600_000)
            .build()) {
      again.start().awaitReady(FloeServer.START_TIMEOUT);
      assertThat(again.log())
          .contains("replayed 20 events")
          .contains("20 replayed events were already committed");
      HttpResponse<String> flush = again.http().post("debug/flush", "application/json", "");
      assertThat(flush.statusCode()).isEqualTo(200);
      again.awaitReadiness(200, Duration.ofSeconds(10));
    }
    assertThat(ids(warehouse)).containsExactlyInAnyOrderElementsOf(sent);
  }

  private static List<String> ids(Path warehouse) {
    return TestTables.ids(TestTables.load(warehouse.resolve("analytics/events")));
  }
}
