package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.config.FloeSettings;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import dev.floe.metrics.FloeStats;
import dev.floe.testing.Fixtures;
import dev.floe.testing.HookedCatalog;
import dev.floe.testing.TableOnlyCatalog;
import dev.floe.testing.TestTables;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-your-writes view: every acknowledged event is in the pinned snapshot or in the copy,
 * never in both and never in neither, also while a flush is committing.
 */
class BufferedEventsTest {
  private static final Instant HOUR = Instant.parse("2024-05-01T10:15:00Z");

  @TempDir Path dir;

  private BufferEngine engine(CatalogStrategy catalog) {
    FloeSettings settings =
        TestTables.settings(
            dir.resolve("w"),
            "floe.wal.dir",
            dir.resolve("wal").toString(),
            "iceberg.buffer.size",
            "100",
            "floe.node.id",
            "node-a");
    return new BufferEngine(settings, catalog, new FloeStats(), Runnable::run, s -> {}, false);
  }

  private static List<EventRecord> events(String prefix, int n) {
    List<EventRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Fixtures.event(prefix + i, "t", HOUR.plusSeconds(i)));
    }
    return out;
  }

  /** Ids in the pinned snapshot plus ids in the copy, each as often as it is there. */
  private static List<String> seen(Table table, BufferedEvents<Long> view) {
    List<String> ids = new ArrayList<>();
    if (view.pinned() != null) {
      try (var rows =
          org.apache.iceberg.data.IcebergGenerics.read(table).useSnapshot(view.pinned()).build()) {
        for (Record r : rows) {
          ids.add((String) r.getField("id"));
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    view.events().values().forEach(l -> l.forEach(e -> ids.add(e.id())));
    return ids;
  }

  private static Supplier<Long> pin(Table table) {
    return () -> {
      table.refresh();
      Snapshot s = table.currentSnapshot();
      return s == null ? null : s.snapshotId();
    };
  }

  @Test
  void bufferedEventsAreInTheCopyBeforeTheirFlushAndInTheSnapshotAfter() throws Exception {
    CatalogStrategy catalog = CatalogProducer.create(TestTables.settings(dir.resolve("w")));
    BufferEngine engine = engine(catalog);
    engine.start();
    Table table = catalog.table();
    engine.intake().accept(events("a", 5));

    BufferedEvents<Long> before = BufferedEvents.take(engine, k -> true, pin(table), 1000);
    assertThat(before.pinned()).isNull();
    assertThat(before.size()).isEqualTo(5);
    assertThat(before.events()).containsOnlyKeys(PartitionKey.of("t", HOUR));

    engine.flushAll();
    engine.intake().accept(events("b", 2));
    BufferedEvents<Long> after = BufferedEvents.take(engine, k -> true, pin(table), 1000);
    assertThat(after.pinned()).isNotNull();
    assertThat(seen(table, after))
        .containsExactlyInAnyOrder("a0", "a1", "a2", "a3", "a4", "b0", "b1");
    assertThat(BufferedEvents.take(engine, k -> k.type().equals("other"), pin(table), 1000).size())
        .isZero();
    engine.stop();
  }

  @Test
  void aViewAskedForDuringACommitWaitsForItAndSeesEveryEventOnce() throws Exception {
    CatalogStrategy real = CatalogProducer.create(TestTables.settings(dir.resolve("w")));
    CountDownLatch committing = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    HookedCatalog hooked =
        new HookedCatalog(
            real,
            commit -> {
              committing.countDown();
              try {
                go.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              commit.run();
            });
    BufferEngine engine = engine(hooked);
    engine.start();
    Table table = real.table();
    engine.intake().accept(events("a", 3));
    CompletableFuture<FlushReport> flush = CompletableFuture.supplyAsync(engine::flushAll);
    assertThat(committing.await(10, TimeUnit.SECONDS)).isTrue();

    // the events are drained, neither buffered nor committed: a view must not be taken now
    assertThat(BufferedEvents.take(engine, k -> true, pin(table), 100)).isNull();
    CompletableFuture<BufferedEvents<Long>> view =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return BufferedEvents.take(engine, k -> true, pin(table), 10_000);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(200);
    go.countDown();
    flush.get(10, TimeUnit.SECONDS);
    BufferedEvents<Long> v = view.get(10, TimeUnit.SECONDS);
    assertThat(v).isNotNull();
    assertThat(seen(table, v)).containsExactlyInAnyOrder("a0", "a1", "a2");
    engine.stop();
  }

  @Test
  void noCopyIsTakenWhileReplayedEventsAreUncheckedAgainstTheTable() throws Exception {
    CatalogStrategy real = CatalogProducer.create(TestTables.settings(dir.resolve("w")));
    HookedCatalog refusing =
        new HookedCatalog(
            real,
            commit -> {
              throw new IllegalStateException("commits refused");
            });
    BufferEngine first = engine(refusing);
    first.start();
    first.intake().accept(events("a", 3));
    try {
      first.stop(); // the final flush fails: the events stay in the log only
    } catch (RuntimeException expected) {
      // what a failed final flush reports
    }
    TableOnlyCatalog unreachable =
        () -> {
          throw new java.io.UncheckedIOException(new java.io.IOException("storage down"));
        };
    BufferEngine second = engine(unreachable);
    second.start();
    assertThat(second.replayPending()).as("the replayed events are unchecked").isNotNull();
    assertThat(BufferedEvents.take(second, k -> true, () -> 0L, 100))
        .as("they may be in the table already: no copy")
        .isNull();
    second.stop();
  }
}
