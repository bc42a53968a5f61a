package dev.floe.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.event.EventRecord;
import dev.floe.testing.Fixtures;
import dev.floe.testing.TestTables;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayerTest {
  @TempDir Path warehouse;
  private final long[] clock = {1_000_000};

  /** Dead letters a, b, c for the events table, one for a table no route knows. */
  private DeadLetterTables withDeadLetters() {
    DeadLetterTables t = new DeadLetterTables(warehouse);
    List<EventRecord> marked = new ArrayList<>();
    for (String id : List.of("a", "b", "c")) {
      marked.add(
          DeadLetterTables.marked(
              Fixtures.pageView(id, Instant.parse("2024-01-15T14:30:00Z")),
              Reason.VALUE_DOES_NOT_FIT,
              DeadLetterTables.EVENTS));
    }
    marked.add(
        DeadLetterTables.marked(
            Fixtures.sparse(
                "z",
                "page.view",
                "website",
                null,
                null,
                Fixtures.CF,
                Instant.parse("2024-01-15T15:30:00Z")),
            Reason.TABLE_REFUSED,
            "gone.table"));
    marked.add(
        DeadLetter.invalid(
            "{\"specversion\":\"1.0\",\"id\":\"y\",\"source\":\"s\",\"type\":7}",
            "y",
            DeadLetterTables.EVENTS,
            "type: not a string",
            Instant.parse("2024-01-15T15:00:00Z")));
    t.flush(marked, "dl-1");
    return t;
  }

  private static List<String> deadLetterIds(DeadLetterTables t) {
    return TestTables.rows(t.readDeadLetters()).stream()
        .map(r -> (String) r.getField("id"))
        .sorted()
        .toList();
  }

  @Test
  void aReplayLandsEachRowOnceAndTakesItOutOfTheDeadLetterTable() {
    DeadLetterTables t = withDeadLetters();
    ReplayReport r = t.replayer("node-a/p1", clock).replay(ReplayFilter.ALL);

    assertThat(r.replayed()).isEqualTo(Map.of(DeadLetterTables.EVENTS, 3L));
    assertThat(r.kept()).isEqualTo(2); // z: no table; y: an invalid element, never replayed
    assertThat(TestTables.ids(t.readEvents())).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(TestTables.rowsById(t.readEvents(), "page.view").get("b").getField("extensions"))
        .isEqualTo(Fixtures.PAGE_VIEW.extensions()); // no floe_dl_* attribute came along
    assertThat(deadLetterIds(t)).containsExactly("y", "z");
    Snapshot removal = t.readDeadLetters().currentSnapshot();
    assertThat(removal.operation()).isIn("overwrite", "delete"); // delete: no row of a file stays
    assertThat(removal.summary()).containsEntry(DeadLetterRemoval.REPLAY_ID, r.replayId());
    assertThat(t.readDeadLetters().properties()).doesNotContainKey(ReplayLease.PROPERTY);
    assertThat(t.readEvents().currentSnapshot().summary())
        .containsEntry("floe.commit-id", Replayer.COMMIT_PREFIX + r.replayId());

    // the same request again finds nothing more to replay
    ReplayReport again = t.replayer("node-a/p1", clock).replay(ReplayFilter.ALL);
    assertThat(again.total()).isZero();
    assertThat(TestTables.ids(t.readEvents())).hasSize(3);
  }

  @Test
  void aFilterTakesOnlyItsRows() {
    DeadLetterTables t = withDeadLetters();
    ReplayReport none =
        t.replayer("node-a/p1", clock)
            .replay(new ReplayFilter(DeadLetterTables.EVENTS, "partition-full", null, null));
    assertThat(none.total()).isZero();
    ReplayReport later =
        t.replayer("node-a/p1", clock)
            .replay(new ReplayFilter(null, null, Instant.parse("2024-01-15T15:00:00Z"), null));
    assertThat(later.total()).isZero();
    assertThat(later.kept()).isEqualTo(2); // y and z arrived later, but no table takes them
    assertThat(deadLetterIds(t)).containsExactly("a", "b", "c", "y", "z");
  }

  @Test
  void aReplayKilledBeforeItsRemovalIsFinishedAfterTheRestartWithoutADouble() {
    DeadLetterTables t = withDeadLetters();
    // the process dies as it commits the removal: the events landed, the dead letters stay
    t.kill.set(m -> !m.properties().containsKey(ReplayLease.PROPERTY));
    assertThatThrownBy(() -> t.replayer("node-a/p1", clock).replay(ReplayFilter.ALL))
        .hasMessageContaining("killed");
    assertThat(TestTables.ids(t.readEvents())).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(deadLetterIds(t)).containsExactly("a", "b", "c", "y", "z");
    assertThat(t.readDeadLetters().properties()).containsKey(ReplayLease.PROPERTY);

    // the restarted process (same node, another process) finishes it before anything else
    t.kill.set(m -> false);
    ReplayReport r = t.replayer("node-a/p2", clock).replay(ReplayFilter.ALL);
    assertThat(r.recovered()).isEqualTo(3);
    assertThat(r.total()).isZero();
    assertThat(TestTables.ids(t.readEvents())).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(deadLetterIds(t)).containsExactly("y", "z");
    assertThat(t.readDeadLetters().properties()).doesNotContainKey(ReplayLease.PROPERTY);
  }

  @Test
  void aReplayFinishedAfterItsCommitExpiredStillSendsNothingTwice() {
    DeadLetterTables t = withDeadLetters();
    t.kill.set(m -> !m.properties().containsKey(ReplayLease.PROPERTY));
    assertThatThrownBy(() -> t.replayer("node-a/p1", clock).replay(ReplayFilter.ALL))
        .hasMessageContaining("killed");
    // the node stays down longer than the events table keeps snapshots: its commit is expired
    org.apache.iceberg.Table events = t.readEvents();
    events.newFastAppend().commit();
    events.expireSnapshots().expireOlderThan(Long.MAX_VALUE).retainLast(1).commit();
    events.refresh();
    assertThat(events.snapshots()).hasSize(1);

    t.kill.set(m -> false);
    ReplayReport r = t.replayer("node-a/p2", clock).replay(ReplayFilter.ALL);
    assertThat(r.recovered()).isEqualTo(3);
    assertThat(TestTables.rows(t.readEvents()).stream().map(row -> row.getField("id")))
        .containsExactlyInAnyOrder("a", "b", "c");
    assertThat(deadLetterIds(t)).containsExactly("y", "z");
  }

  @Test
  void aReplayKilledBeforeItsEventsLandedSendsThemOnce() {
    DeadLetterTables t = withDeadLetters();
    // the lease is taken, then the node dies: nothing landed yet
    t.kill.set(m -> !m.properties().containsKey(ReplayLease.PROPERTY));
    Replayer first =
        new Replayer(
            t::deadLetters,
            new ReplayTargets() {
              @Override
              public java.util.Optional<Target> route(EventRecord e, String table) {
                return t.targets().route(e, table);
              }

              @Override
              public java.util.Optional<Target> byName(String table) {
                throw new IllegalStateException("killed");
              }
            },
            "node-b/p1",
            60_000,
            100,
            () -> clock[0]);
    assertThatThrownBy(() -> first.replay(ReplayFilter.ALL)).hasMessageContaining("killed");
    assertThat(TestTables.rows(t.readEvents())).isEmpty();

    // another node must wait while the lease lasts, then finishes it
    t.kill.set(m -> false);
    assertThatThrownBy(() -> t.replayer("node-a/p1", clock).replay(ReplayFilter.ALL))
        .isInstanceOf(ReplayBusyException.class)
        .hasMessageContaining("node-b/p1");
    clock[0] += 61_000;
    ReplayReport r = t.replayer("node-a/p1", clock).replay(ReplayFilter.ALL);
    assertThat(r.recovered()).isEqualTo(3);
    assertThat(TestTables.ids(t.readEvents())).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(deadLetterIds(t)).containsExactly("y", "z");
  }

  @Test
  void concurrentReplaysNeverTakeTheSameRow() throws Exception {
    DeadLetterTables t = withDeadLetters();
    int n = 4;
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<Long>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Replayer replayer = t.replayer("node-" + i + "/p", clock);
      Callable<Long> call =
          () -> {
            start.await();
            try {
              return replayer.replay(ReplayFilter.ALL).total();
            } catch (ReplayBusyException busy) {
              return 0L;
            }
          };
      results.add(pool.submit(call));
    }
    long total = 0;
    for (Future<Long> f : results) {
      total += f.get();
    }
    pool.shutdown();
    assertThat(total).isEqualTo(3);
    assertThat(TestTables.ids(t.readEvents())).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(deadLetterIds(t)).containsExactly("y", "z");
  }

  @Test
  void countsPerReasonAndTable() {
    DeadLetterTables t = withDeadLetters();
    DeadLetterCounts c = DeadLetterReader.counts(t.deadLetters(), ReplayFilter.ALL, 1000);
    assertThat(c.total()).isEqualTo(5);
    assertThat(c.byReasonAndTable())
        .isEqualTo(
            Map.of(
                "value-does-not-fit", Map.of(DeadLetterTables.EVENTS, 3L),
                "table-refused", Map.of("gone.table", 1L),
                "invalid-event", Map.of(DeadLetterTables.EVENTS, 1L)));
    assertThat(DeadLetterReader.counts(t.deadLetters(), ReplayFilter.ALL, 2).truncated()).isTrue();
  }
}
