package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.KilledUnderLoad;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import dev.floe.testing.PlainObjects;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * USE_ICEBERG=false with Parquet objects in a local folder, killed with SIGKILL under concurrent
 * load and restarted: every acknowledged id is in exactly one row of the objects, read back with
 * Iceberg's Parquet reader.
 */
class PlainObjectsCrashIT {
  private static final int CYCLES = Integer.getInteger("floe.crash.cycles", 2);

  @RegisterExtension static final Harness harness = Harness.with().build();

  @Test
  void everyAcknowledgedEventInExactlyOneObjectAcrossKills() throws Exception {
    FloeServer floe =
        harness
            .newFloe("PlainObjectsCrashIT")
            .env("USE_ICEBERG", "false")
            .env("FLOE_OBJECT_FORMAT", "parquet")
            .property("iceberg.buffer.timeout.ms", 700) // flushes run during the load
            .property("iceberg.buffer.size", 300)
            .build();
    Set<String> acked;
    try (floe) {
      acked = KilledUnderLoad.run(floe, CYCLES, FloeServer.START_TIMEOUT);
    }
    Map<String, byte[]> objects = PlainObjects.in(harness.warehouse().resolve(Harness.LOCATION));
    assertThat(objects.keySet()).allMatch(k -> k.endsWith(".parquet"));
    List<String> ids = PlainObjects.ids(objects);
    assertThat(KilledUnderLoad.doubled(ids)).as("ids in the objects more than once").isEmpty();
    assertThat(ids).as("acknowledged ids missing from the objects").containsAll(acked);
    assertThat(acked).as("events acknowledged before the kills").hasSizeGreaterThan(100);
    System.out.printf(
        "Plain-object crash test: %d cycles, %d events acknowledged, %d rows in %d objects%n",
        CYCLES, acked.size(), ids.size(), objects.size());
  }
}
