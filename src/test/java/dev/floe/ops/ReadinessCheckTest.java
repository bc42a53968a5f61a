package dev.floe.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.buffer.PartitionBuffers;
import dev.floe.catalog.Reachability;
import dev.floe.metrics.FloeStats;
import dev.floe.testing.TableOnlyCatalog;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Table;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class ReadinessCheckTest {

  /** Buffers as a started node with {@code replayed} events from its log would report them. */
  static final class Buffers extends PartitionBuffers {
    volatile boolean stopping;
    volatile double budget;
    volatile long replayed;
    volatile String pending;

    @Override
    public boolean stopping() {
      return stopping;
    }

    @Override
    public long replayedEvents() {
      return replayed;
    }

    @Override
    public String replayPending() {
      return pending;
    }

    @Override
    public double budgetUsed() {
      return budget;
    }

    @Override
    public long pendingEvents() {
      return 3;
    }

    @Override
    public String walDamage() {
      return null;
    }
  }

  /** A catalog whose storage is down, counting every call that would reach it. */
  static final class DownCatalog implements TableOnlyCatalog {
    final AtomicInteger requests = new AtomicInteger();

    @Override
    public Table table() {
      requests.incrementAndGet();
      throw new UnsupportedOperationException("connection refused: http://127.0.0.1:9");
    }

    @Override
    public void check() {
      requests.incrementAndGet();
      throw new IllegalStateException("connection refused: http://127.0.0.1:9");
    }
  }

  private final DownCatalog catalog = new DownCatalog();
  private final Buffers buffers = new Buffers();
  private final ReadinessCheck check = new ReadinessCheck();

  ReadinessCheckTest() {
    PlainResponses.install();
    check.catalog = catalog;
    check.buffers = buffers;
    check.stats = new FloeStats();
    check.watch = new StorageWatch();
    check.watch.reach = new Reachability(catalog, Runnable::run, System::currentTimeMillis, 10_000);
    check.watch.reach.probe(); // the one background check: storage and catalog found down
  }

  private static Map<String, Object> data(HealthCheckResponse r) {
    return r.getData().orElseThrow();
  }

  @Test
  void upWhileStorageAndCatalogAreDownWhichTheDataSay() {
    HealthCheckResponse r = check.call();

    assertThat(r.getName()).isEqualTo("floe-intake");
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(data(r))
        .containsEntry("storage", "DOWN")
        .containsEntry("catalog_state", "DOWN")
        .containsEntry("buffered_events", 3L);
    assertThat(data(r).get("storage_reason").toString()).contains("connection refused");
    assertThat(check.stats.readiness.get()).isEqualTo(1.0);
    assertThat(check.stats.storageUp.get()).as("no source set outside the server").isZero();
  }

  @Test
  void probesMakeNoStorageRequest() {
    int afterBackgroundCheck = catalog.requests.get();
    assertThat(afterBackgroundCheck).isEqualTo(2); // one check(), one table()

    for (int i = 0; i < 100; i++) {
      check.call();
    }

    assertThat(catalog.requests).hasValue(afterBackgroundCheck);
  }

  @Test
  void downWhenTheBudgetIsFullOrTheNodeStopsOrReplayedEventsWaitForTheirCheck() {
    buffers.budget = 1.0;
    assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(check.stats.readiness.get()).isZero();
    buffers.budget = 0.2;

    buffers.pending = "replayed events are not yet checked against the table";
    assertThat(check.call().getStatus())
        .as("nothing replayed")
        .isEqualTo(HealthCheckResponse.Status.UP);
    buffers.replayed = 7;
    HealthCheckResponse waiting = check.call();
    assertThat(waiting.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(data(waiting).get("reason").toString()).startsWith("7 events replayed");
    buffers.pending = null;

    buffers.stopping = true;
    assertThat(data(check.call()).get("reason").toString()).contains("stopping");
  }

  @Test
  void downWhenTheLogIsBrokenOrFull() {
    check.stats.walBytesMax.source(() -> 65_536);
    check.stats.walBytes.source(() -> 65_500);
    HealthCheckResponse full = check.call();
    assertThat(full.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(data(full).get("reason").toString()).contains("write-ahead log is full");

    check.stats.walBytes.source(() -> 100);
    check.stats.walBroken.source(() -> 1);
    buffers.pending = "the write-ahead log failed to force: No space left on device";
    assertThat(data(check.call()).get("reason").toString()).contains("No space left");
  }
}
