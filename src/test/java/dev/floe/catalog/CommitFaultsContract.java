package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.FailingStore.Kind;
import dev.floe.catalog.FailingStore.Mode;
import dev.floe.event.EventRecord;
import dev.floe.lake.TableCommitter;
import dev.floe.testing.Fixtures;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.junit.jupiter.api.Test;

/**
 * The direct catalog's commit through a store that fails one request: each scenario of the
 * hardening issue, then every request of each kind in turn. After each run every acknowledged event
 * is in the table exactly once and every file the table references exists. Subclasses give the
 * storage: a local folder, or a bucket on a real S3-compatible server.
 */
abstract class CommitFaultsContract {
  private static final int FLUSHES = 2;
  private static final Instant HOUR = Instant.parse("2024-03-01T10:05:00Z");
  private static final AtomicInteger TABLES = new AtomicInteger(); // one bucket, many tests
  private final AtomicInteger events = new AtomicInteger();

  /** Fresh storage for a table of its own, at {@code location} under the warehouse or bucket. */
  abstract TableStorage storage(String location);

  /** A writer on a fresh table: its catalog commits through a store that fails on request. */
  final class Writer {
    final String location = "faults/t" + TABLES.incrementAndGet();
    final TableStorage storage = storage(location);
    final FailingStore store = new FailingStore(storage.metadata());
    final TableCommitter committer =
        new TableCommitter(
            new DirectCatalogStrategy(withIO(storage, store.io(storage.io())), store, "faults.t"));
    final FlushDriver driver = new FlushDriver(committer);

    Writer() {
      committer.table(); // created before any fault
      store.resetCounts();
    }

    /** Acknowledges a flush of events in two partitions. */
    void acknowledge() {
      driver.accept(
          List.of(List.of(event("page.view"), event("page.view")), List.of(event("signup"))));
    }

    /** Every acknowledged event in the table once, every referenced file there. */
    void assertExactlyOnce() {
      driver.drain(20);
      Table table = new DirectCatalogStrategy(storage(location), "faults.t").table();
      assertThat(TableAudit.problems(table)).as("the table's files and snapshots").isEmpty();
      Map<String, Integer> counts = TableAudit.idCounts(table);
      assertThat(counts.keySet())
          .as("events in the table")
          .containsExactlyInAnyOrderElementsOf(driver.acknowledged());
      assertThat(counts).as("rows per event id").allSatisfy((id, n) -> assertThat(n).isOne());
    }
  }

  private EventRecord event(String type) {
    return Fixtures.event("e" + events.incrementAndGet(), type, HOUR);
  }

  /** Item 1: a read failing right after our version landed must not undo the commit. */
  @Test
  void aRefreshFailingRightAfterOurVersionLandedKeepsTheCommit() {
    Writer w = new Writer();
    w.store.failRefreshAfterNextCreate();
    w.acknowledge();
    w.driver.step();
    w.assertExactlyOnce();
  }

  /** Item 2: a create that landed but was answered as lost (a retried request). */
  @Test
  void aLandedCreateAnsweredAsLostIsNotCommittedTwice() {
    Writer w = new Writer();
    w.store.failing(Kind.CREATE, 1, Mode.LOST);
    w.acknowledge();
    w.assertExactlyOnce();
  }

  /** Item 2: the first attempt lands while the unknown outcome is settled by committing again. */
  @Test
  void aCreateInFlightThatLandsDuringTheRecommitIsNotCommittedTwice() {
    Writer w = new Writer();
    w.store.failing(Kind.CREATE, 1, Mode.IN_FLIGHT);
    w.acknowledge();
    w.driver.step(); // unknown: nothing there yet
    assertThat(w.store.inFlight()).isTrue();
    w.assertExactlyOnce(); // the lookup finds nothing; the recommit meets the late landing
  }

  /**
   * Item 2: after an unknown outcome, a recommit that fails outright must neither delete the files
   * nor give the events back: the first attempt may still land.
   */
  @Test
  void aRecommitFailingAfterAnUnknownOutcomeKeepsFilesAndEventsWithTheFirstAttempt() {
    Writer w = new Writer();
    w.store.failing(Kind.CREATE, 1, Mode.IN_FLIGHT);
    w.acknowledge();
    w.driver.step(); // unknown
    w.store.failing(Kind.CREATE, 1, Mode.REJECT);
    w.driver.step(); // not found; the recommit is rejected before anything lands
    w.store.landInFlightNow(); // then the first attempt lands after all
    w.assertExactlyOnce();
  }

  /** Item 4: the final commit at shutdown, retried after an unknown outcome. */
  @Test
  void aFinalCommitRetriedAfterAnUnknownOutcomeNeitherCollidesNorDeletes() {
    Writer w = new Writer();
    w.committer.stopping();
    try {
      w.store.failing(Kind.CREATE, 1, Mode.IN_FLIGHT);
      w.acknowledge();
      w.driver.step(); // unknown; its manifest stays
      w.assertExactlyOnce();
    } finally {
      w.committer.closeOwnThreads();
    }
  }

  /** Item 4: two unknown outcomes in a row during the stop, the second one having landed. */
  @Test
  void aFinalCommitWithTwoUnknownOutcomesCommitsOnce() {
    Writer w = new Writer();
    w.committer.stopping();
    try {
      w.store.failing(Kind.CREATE, 1, Mode.BEFORE).failing(Kind.READ_BACK, 1, Mode.BEFORE);
      w.acknowledge();
      w.driver.step(); // unknown, not landed
      w.store.failing(Kind.CREATE, 1, Mode.AFTER).failing(Kind.READ_BACK, 1, Mode.BEFORE);
      w.driver.step(); // not found; the recommit lands, unknown again
      w.assertExactlyOnce();
      assertThat(w.driver.failures)
          .as("events given back while an attempt of their commit may land")
          .noneMatch(f -> f.startsWith("failed"));
    } finally {
      w.committer.closeOwnThreads();
    }
  }

  /**
   * The closing requirement: two flushes, with the Nth request of one kind (create, pointer,
   * refresh, file write) failing in each way, for every N a clean run makes; then a create failing
   * in each way whose read-back fails too.
   */
  @Test
  void everyRequestOfEveryKindFailingInTurnLosesAndDoublesNothing() {
    Map<Kind, Integer> clean = new java.util.EnumMap<>(Kind.class);
    Writer plain = new Writer();
    run(plain, s -> {});
    for (Kind k : Kind.values()) {
      clean.put(k, plain.store.count(k));
    }
    assertThat(clean.get(Kind.CREATE)).isPositive();
    List<String> runs = new ArrayList<>();
    for (Kind kind : List.of(Kind.CREATE, Kind.POINTER, Kind.REFRESH, Kind.WRITE)) {
      for (int n = 1; n <= clean.get(kind); n++) {
        // a read that fails after it was served is no different from one that never was
        for (Mode mode :
            kind == Kind.REFRESH ? List.of(Mode.BEFORE) : List.of(Mode.BEFORE, Mode.AFTER)) {
          int nth = n;
          runs.add(kind + "#" + n + " " + mode);
          run(new Writer(), s -> s.failing(kind, nth, mode));
        }
      }
    }
    for (int n = 1; n <= clean.get(Kind.CREATE); n++) {
      for (Mode mode : List.of(Mode.BEFORE, Mode.AFTER, Mode.LOST, Mode.IN_FLIGHT)) {
        int nth = n;
        runs.add("CREATE#" + n + " " + mode + " + READ_BACK#1");
        run(
            new Writer(),
            s -> s.failing(Kind.CREATE, nth, mode).failing(Kind.READ_BACK, 1, Mode.BEFORE));
      }
    }
    System.out.printf(
        "%s: %d fault-injection runs, clean run requests %s%n",
        getClass().getSimpleName(), runs.size(), clean);
  }

  /** The storage with its FileIO replaced. */
  private static TableStorage withIO(TableStorage storage, FileIO io) {
    return new TableStorage() {
      @Override
      public String kind() {
        return storage.kind();
      }

      @Override
      public FileIO io() {
        return io;
      }

      @Override
      public MetadataStore metadata() {
        return storage.metadata();
      }

      @Override
      public String tableLocation() {
        return storage.tableLocation();
      }

      @Override
      public void check() throws IOException {
        storage.check();
      }

      @Override
      public List<StoredObject> list(String after, int limit) throws IOException {
        return storage.list(after, limit);
      }
    };
  }

  private void run(Writer w, Consumer<FailingStore> faults) {
    faults.accept(w.store);
    for (int i = 0; i < FLUSHES; i++) {
      w.acknowledge();
      w.driver.step();
    }
    w.assertExactlyOnce();
  }
}
