package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.event.EventRecord;
import dev.floe.metrics.FloeStats;
import dev.floe.testing.Fixtures;
import dev.floe.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code FLOE_ACK=commit} on the engine as the EJB builds it (flushes on the caller's thread, table
 * and log in a temporary folder): a request's future completes only once every one of its events is
 * in a committed snapshot, read back from the table at that moment.
 */
class CommitWaitsTest {
  private static final Instant HOUR = Instant.parse("2024-05-01T10:15:00Z");

  @TempDir Path dir;
  private CatalogStrategy catalog;
  private BufferEngine engine;

  @BeforeEach
  void start() {
    catalog = CatalogProducer.create(TestTables.settings(dir.resolve("w")));
    engine =
        new BufferEngine(
            TestTables.settings(
                dir.resolve("w"),
                "floe.wal.dir",
                dir.resolve("wal").toString(),
                "floe.ack",
                "commit",
                "iceberg.buffer.size",
                "100",
                "floe.node.id",
                "node-a"),
            catalog,
            new FloeStats(),
            Runnable::run,
            CommitObserver.NONE,
            false);
    engine.start();
  }

  @AfterEach
  void stop() {
    engine.stop();
    catalog.close();
  }

  private static EventRecord e(String id, String type) {
    return Fixtures.event(id, type, HOUR);
  }

  private CompletableFuture<Void> send(EventRecord... events) throws BufferRefusedException {
    List<EventRecord> list = List.of(events);
    return engine.commitWaits().await(engine.intake().accept(list), list);
  }

  private List<String> ids() {
    return TestTables.rows(TestTables.load(dir.resolve("w/analytics/events"))).stream()
        .map(r -> (String) r.getField("id"))
        .sorted()
        .toList();
  }

  @Test
  void answersOnlyOnceEveryPartitionOfTheRequestIsCommitted() throws Exception {
    CompletableFuture<Void> both = send(e("a1", "a"), e("b1", "b"));
    CompletableFuture<Void> onlyA = send(e("a2", "a"));
    assertThat(both).isNotDone();

    engine.flushNow(k -> k.type().equals("a"));
    assertThat(onlyA).isCompleted();
    assertThat(both).as("b1 is still buffered").isNotDone();
    assertThat(ids()).containsExactly("a1", "a2");

    engine.flushNow(k -> k.type().equals("b"));
    assertThat(both).isCompleted();
    assertThat(ids()).containsExactly("a1", "a2", "b1");
  }

  @Test
  void aFailedFlushKeepsTheRequestWaitingAndTheRetryThatLandsAnswersIt() throws Exception {
    Path typeA = dir.resolve("w/analytics/events/data/type=a");
    Files.createDirectories(typeA.getParent());
    Files.writeString(typeA, "not a folder"); // a's Parquet file cannot be written
    CompletableFuture<Void> request = send(e("a1", "a"));

    assertThatThrownBy(() -> engine.flushAll()).isInstanceOf(FlushFailedException.class);
    assertThat(request).as("nothing committed: the request keeps waiting").isNotDone();
    assertThat(engine.commitWaits().waiting()).isEqualTo(1);

    Files.delete(typeA);
    engine.flushAll();
    assertThat(request).isCompleted();
    assertThat(ids()).containsExactly("a1");
    assertThat(engine.commitWaits().waiting()).isZero();
  }

  @Test
  void aRequestAskingAfterItsCommitLandedIsAnsweredAtOnce() throws Exception {
    List<EventRecord> events = List.of(e("a1", "a"));
    long position = engine.intake().accept(events);
    engine.flushAll();
    assertThat(engine.commitWaits().await(position, events)).isCompleted();
  }

  @Test
  void aPositionTheLogCheckpointedBeforeTheRestartNeedsNoCommit() {
    CommitWaits waits = new CommitWaits();
    waits.committedThrough(7);
    assertThat(waits.await(7, List.of(e("a1", "a")))).isCompleted();
    assertThat(waits.await(8, List.of(e("a2", "a")))).isNotDone();
  }

  @Test
  void aLaterCommitOfAnotherPartitionDoesNotAnswerTheRequest() throws Exception {
    CompletableFuture<Void> a = send(e("a1", "a"));
    send(e("b1", "b"));
    engine.flushNow(k -> k.type().equals("b"));
    assertThat(a).as("b's later position says nothing of a").isNotDone();
  }

  @Test
  void stopRefusesWhatTheFinalFlushCouldNotCommitAndEveryLaterAsk() throws Exception {
    Path typeB = dir.resolve("w/analytics/events/data/type=b");
    Files.createDirectories(typeB.getParent());
    Files.writeString(typeB, "not a folder");
    CompletableFuture<Void> a = send(e("a1", "a"));
    CompletableFuture<Void> b = send(e("b1", "b"));

    engine.stop(); // the final flush is one commit of a1 and b1: b1's file fails, so neither lands
    assertThat(ids()).isEmpty();
    assertThat(a).isCompletedExceptionally();
    assertThat(b).isCompletedExceptionally();
    assertThatThrownBy(() -> engine.commitWaits().await(1, List.of(e("c1", "c"))).get())
        .isInstanceOf(ExecutionException.class);
  }

  @Test
  void stopAnswersEveryWaiterWhenTheFinalFlushCommits() throws Exception {
    CompletableFuture<Void> request = send(e("a1", "a"), e("b1", "b"));
    engine.stop();
    assertThat(request).isCompleted();
    assertThat(ids()).containsExactly("a1", "b1");
  }

  @Test
  void partitionMarksAreForgottenAfterTheKeepTimeSoTheyGrowOnlyWithRecentPartitions()
      throws Exception {
    List<CompletableFuture<Void>> answers = new java.util.ArrayList<>();
    for (int t = 0; t < 50; t++) {
      answers.add(send(e("m" + t, "type-" + t)));
    }
    engine.flushAll();
    assertThat(answers).allMatch(CompletableFuture::isDone);
    CommitWaits waits = engine.commitWaits();
    assertThat(waits.marks()).isEqualTo(50);

    waits.expire(System.currentTimeMillis() + CommitWaits.MARK_KEEP_MILLIS / 2);
    assertThat(waits.marks()).as("kept while a request could still ask").isEqualTo(50);
    waits.expire(System.currentTimeMillis() + CommitWaits.MARK_KEEP_MILLIS + 1_000);
    assertThat(waits.marks()).isZero();

    CompletableFuture<Void> later = send(e("after", "type-0"));
    assertThat(later).isNotDone();
    engine.flushAll();
    assertThat(later).isDone();
    assertThat(ids()).contains("after", "m0", "m49");
  }
}
