package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.KilledUnderLoad;
import dev.floe.it.fixtures.KilledUnderLoad.Plan;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import dev.floe.testing.TestTables;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Events at a high rate into the real Payara Micro, which is killed with SIGKILL at a random
 * moment, restarted, and killed again. In the end every event that got a 2xx is in the table
 * exactly once, and no event is there twice.
 */
class WalCrashIT {
  /** Three in the suite; scripts/crash-test runs more. */
  private static final int CYCLES = Integer.getInteger("floe.crash.cycles", 3);

  @RegisterExtension static final Harness harness = Harness.with().build();

  @Test
  void everyAcknowledgedEventExactlyOnceAcrossKills() throws Exception {
    FloeServer floe =
        harness
            .newFloe("WalCrashIT")
            .property("iceberg.buffer.timeout.ms", 700) // flushes and commits run during the load
            .property("iceberg.buffer.size", 300)
            .build();
    Set<String> acked;
    try (floe) {
      acked = KilledUnderLoad.run(floe, Plan.of(CYCLES), FloeServer.START_TIMEOUT);
    }

    assertThat(acked).as("events acknowledged before the kills").hasSizeGreaterThan(500);
    List<String> ids = TestTables.ids(harness.table());
    assertThat(KilledUnderLoad.doubled(ids)).as("ids in the table more than once").isEmpty();
    assertThat(ids).as("acknowledged ids missing from the table").containsAll(acked);
    System.out.printf(
        "WAL crash test: %d cycles, %d events acknowledged, %d rows in the table%n",
        CYCLES, acked.size(), ids.size());
    assertThat(Files.exists(floe.walDir())).isTrue();
  }
}
