package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.testing.TestTables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.util.ThreadPools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up rehearsal runs the whole life of the buffers, final flush included, and leaves the
 * real deployment's shared state alone.
 */
class WarmupTest {
  @TempDir Path dir;

  @Test
  void rehearsalFlushesOnTheTimerOnDemandAndAtStopAndClosesItsLog() throws Exception {
    Warmup.rehearse(dir);

    List<Record> rows = TestTables.rows(TestTables.load(dir.resolve("warehouse/analytics/events")));
    assertThat(rows)
        .extracting(r -> r.getField("id"))
        .containsExactlyInAnyOrder("warmup-1", "warmup-2", "warmup-3");
    assertThat(TestTables.load(dir.resolve("warehouse/analytics/events")).snapshots())
        .as("one commit per flush: the tick, flushAll and the final flush")
        .hasSize(3);
    // the log was closed (its lock released) and every record it held is committed
    Warmup.rehearse(dir);
    assertThat(TestTables.rows(TestTables.load(dir.resolve("warehouse/analytics/events"))))
        .hasSize(6);
  }

  @Test
  void rehearsalKeepsIcebergsSharedWorkerPoolAndStopsItsOwnThread() throws Exception {
    Set<Thread> before = finalCommitThreads();

    Warmup.rehearse(dir);

    assertThat(ThreadPools.getWorkerPool().isShutdown())
        .as("the worker pool belongs to the real deployment too")
        .isFalse();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!before.containsAll(finalCommitThreads()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(finalCommitThreads()).as("final-commit threads left running").isSubsetOf(before);
  }

  @Test
  void runRestoresFloesLogLevel() {
    Logger floe = Logger.getLogger("dev.floe");
    floe.setLevel(Level.FINE);
    try {
      Warmup.run(new dev.floe.config.FloeSettings.Objects(false, "ndjson"));
      assertThat(floe.getLevel()).isEqualTo(Level.FINE);
    } finally {
      floe.setLevel(null);
    }
  }

  private static Set<Thread> finalCommitThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("floe-final-commit") && t.isAlive())
        .collect(Collectors.toSet());
  }
}
