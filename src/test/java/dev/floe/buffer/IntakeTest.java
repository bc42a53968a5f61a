package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.buffer.BufferRefusedException.Reason;
import dev.floe.event.EventRecord;
import dev.floe.testing.Fixtures;
import dev.floe.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request path into the buffers, on the real partitions, budget, dedup and write-ahead log: all
 * or nothing, and a refused request leaves no event, no slot and no budget byte behind.
 */
class IntakeTest {
  private static final Instant H10 = Instant.parse("2024-05-01T10:15:00Z");
  private static final Instant H11 = Instant.parse("2024-05-01T11:15:00Z");
  private static final int CAP = 5;
  private static final int BUFFER_SIZE = 3;

  @TempDir Path dir;
  private final AtomicInteger flushRequests = new AtomicInteger();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicBoolean partitionsDraining = new AtomicBoolean();
  private Partitions partitions;
  private WriteAheadLog wal;

  @AfterEach
  void closeLog() throws IOException {
    if (wal != null) {
      wal.close();
    }
  }

  /** An intake with a log that holds {@code logBytes}, a budget and retry dedup as given. */
  private Intake intake(long budgetBytes, long logBytes, Dedup dedup) throws IOException {
    partitions = new Partitions(new Budget(budgetBytes), CAP, t -> {}, partitionsDraining::get);
    wal =
        WriteAheadLog.open(
            dir.resolve("wal"),
            new WriteAheadLog.Options(1 << 20, logBytes, WriteAheadLog.Ack.FSYNC, 0),
            "node-a");
    return new Intake(
        partitions,
        wal,
        dedup,
        BUFFER_SIZE,
        flushRequests::incrementAndGet,
        () -> 7,
        stopping::get);
  }

  private Intake intake() throws IOException {
    return intake(1L << 30, 1L << 30, null);
  }

  private static EventRecord e(String id, String type, Instant at) {
    return Fixtures.event(id, type, at);
  }

  private static long bytes(EventRecord... events) {
    return Budget.bytesOf(List.of(events));
  }

  /** Buffered events by partition key, oldest first. */
  private List<String> buffered() {
    return partitions.all().stream()
        .sorted(java.util.Comparator.comparing(b -> b.key.toString()))
        .flatMap(
            b -> {
              PartitionBuffer.Drained d = b.drain();
              b.restore(d);
              return d.events().stream().map(ev -> b.key + ":" + ev.id());
            })
        .toList();
  }

  private void assertNothingHeld() {
    assertThat(buffered()).isEmpty();
    assertThat(partitions.pendingEvents()).as("slots").isZero();
    assertThat(partitions.budget().used()).as("budget bytes").isZero();
  }

  @Test
  void acceptsARequestIntoEachOfItsPartitionsAsOneLogRecord() throws Exception {
    Intake intake = intake();
    EventRecord a = e("a", "x", H10);
    EventRecord b = e("b", "y", H10);
    EventRecord c = e("c", "x", H11);

    intake.accept(List.of(a, b, c));

    assertThat(buffered())
        .containsExactly("x/2024-05-01-10:a", "x/2024-05-01-11:c", "y/2024-05-01-10:b");
    assertThat(wal.nextPosition()).as("one record for the request").isEqualTo(2);
    assertThat(partitions.all()).allSatisfy(p -> assertThat(p.firstPosition()).isEqualTo(1));
    assertThat(partitions.pendingEvents()).isEqualTo(3);
    assertThat(partitions.budget().used()).isEqualTo(bytes(a, b, c));
    assertThat(flushRequests).as("no buffer is due yet").hasValue(0);
  }

  @Test
  void aBufferThatReachesItsSizeAsksForAFlush() throws Exception {
    Intake intake = intake();
    intake.accept(List.of(e("a", "x", H10), e("b", "x", H10)));
    assertThat(flushRequests).hasValue(0);
    intake.accept(List.of(e("c", "x", H10)));
    assertThat(flushRequests).hasValue(1);
  }

  @Test
  void aFullPartitionRefusesTheWholeRequestWith507sReason() throws Exception {
    Intake intake = intake();
    intake.accept(List.of(e("1", "x", H10), e("2", "x", H10), e("3", "x", H10), e("4", "x", H10)));
    long usedBefore = partitions.budget().used();

    // y has room, x has one slot left: none of the request is kept, not even y's event
    assertThatThrownBy(
            () -> intake.accept(List.of(e("y1", "y", H10), e("5", "x", H10), e("6", "x", H10))))
        .isInstanceOfSatisfying(
            BufferRefusedException.class,
            r -> {
              assertThat(r.reason()).isEqualTo(Reason.PARTITION_FULL);
              assertThat(r.partition()).isEqualTo("x/2024-05-01-10");
              assertThat(r.retryAfterSeconds()).isEqualTo(7);
              assertThat(r.getMessage()).contains("maximum of 5 events");
            });

    assertThat(buffered())
        .containsExactly(
            "x/2024-05-01-10:1", "x/2024-05-01-10:2", "x/2024-05-01-10:3", "x/2024-05-01-10:4");
    assertThat(partitions.pendingEvents()).isEqualTo(4);
    assertThat(partitions.budget().used()).isEqualTo(usedBefore);
    assertThat(wal.nextPosition()).as("nothing of the refused request was logged").isEqualTo(2);
    intake.accept(List.of(e("5", "x", H10))); // the last slot is still free
  }

  @Test
  void anExhaustedBudgetRefusesWith503sReasonAndKeepsNothing() throws Exception {
    EventRecord first = e("a", "x", H10);
    Intake intake = intake(bytes(first) + 10, 1L << 30, null);
    intake.accept(List.of(first));

    assertThatThrownBy(() -> intake.accept(List.of(e("b", "y", H10), e("c", "y", H11))))
        .isInstanceOfSatisfying(
            BufferRefusedException.class,
            r -> {
              assertThat(r.reason()).isEqualTo(Reason.BUDGET_EXHAUSTED);
              assertThat(r.partition()).isNull();
            });

    assertThat(buffered()).containsExactly("x/2024-05-01-10:a");
    assertThat(partitions.pendingEvents()).isEqualTo(1);
    assertThat(partitions.budget().used()).isEqualTo(bytes(first));
  }

  @Test
  void aRetriedEventIsAcceptedButKeptOnce() throws Exception {
    Intake intake = intake(1L << 30, 1L << 30, new Dedup(60_000));
    EventRecord a = e("a", "x", H10);
    EventRecord b = e("b", "x", H10);
    EventRecord c = e("c", "y", H10);
    intake.accept(List.of(a, b));

    intake.accept(List.of(e("b", "x", H10), c, e("c", "y", H10))); // b retried, c twice in it

    assertThat(buffered())
        .containsExactly("x/2024-05-01-10:a", "x/2024-05-01-10:b", "y/2024-05-01-10:c");
    assertThat(partitions.pendingEvents()).as("the retries' slots were given back").isEqualTo(3);
    assertThat(partitions.budget().used()).isEqualTo(bytes(a, b, c));
    assertThat(wal.nextPosition()).as("the second record holds c only").isEqualTo(3);

    intake.accept(List.of(e("a", "x", H10), e("b", "x", H10))); // all retries: nothing logged
    assertThat(wal.nextPosition()).isEqualTo(3);
    assertThat(partitions.pendingEvents()).isEqualTo(3);
    assertThat(partitions.budget().used()).isEqualTo(bytes(a, b, c));
  }

  @Test
  void aFullLogRefusesAndEverythingIsGivenBack() throws Exception {
    Intake intake = intake(1L << 30, 1, null); // not even one record fits

    assertRefused(
        () -> intake.accept(List.of(e("a", "x", H10), e("b", "y", H10))),
        Reason.LOG_FULL,
        "FLOE_WAL_MAX_BYTES");
    assertNothingHeld();
  }

  @Test
  void aLogThatFailedToWriteRefusesAndEverythingIsGivenBack() throws Exception {
    Intake intake = intake();
    intake.accept(List.of(e("a", "x", H10)));
    wal.close(); // from now on the log's writes fail

    // this request's record was taken but cannot be forced; it may still reach the disk and come
    // back on replay, so its event stays with the ones that will be checked against the table
    assertRefused(
        () -> intake.accept(List.of(e("b", "x", H10))),
        Reason.LOG_FAILED,
        "could not be made durable");
    List<String> kept = buffered();
    long slots = partitions.pendingEvents();
    long used = partitions.budget().used();

    // the log takes no more records after a failed write: the next request keeps nothing
    assertRefused(
        () -> intake.accept(List.of(e("c", "x", H10), e("d", "y", H10))),
        Reason.LOG_FAILED,
        "cannot take the events");
    assertThat(buffered()).isEqualTo(kept).doesNotContain("x/2024-05-01-10:c");
    assertThat(partitions.pendingEvents()).isEqualTo(slots);
    assertThat(partitions.budget().used()).isEqualTo(used);
    wal = null; // closed already
  }

  @Test
  void aStoppingIntakeRefusesEverything() throws Exception {
    Intake intake = intake();
    stopping.set(true);

    assertThatThrownBy(() -> intake.accept(List.of(e("a", "x", H10))))
        .isInstanceOfSatisfying(
            BufferRefusedException.class,
            r -> {
              assertThat(r.reason()).isEqualTo(Reason.STOPPING);
              assertThat(r.retryAfterSeconds()).isPositive();
            });
    assertNothingHeld();
  }

  @Test
  void eventsTakenByAFlushThatKeepsLandingDoNotCountTowardsTheCap() throws Exception {
    Intake intake = intake();
    intake.accept(List.of(e("1", "x", H10), e("2", "x", H10), e("3", "x", H10), e("4", "x", H10)));
    PartitionBuffer x = partitions.all().iterator().next();
    PartitionBuffer.Drained inFlight = x.drain(); // a flush took them and is committing

    // the cap is about events waiting: five more fit while the four are being committed
    intake.accept(batch("x", H10, "5", "6", "7", "8", "9"));
    assertThat(partitions.pendingEvents()).isEqualTo(9);
    inFlight.room().release(); // their commit landed
    assertThat(partitions.pendingEvents()).isEqualTo(5);
  }

  @Test
  void whileFlushesKeepLandingAHotPartitionTakesMoreThanTheCapUpToItsShareOfTheBudget()
      throws Exception {
    partitionsDraining.set(true);
    Intake intake = intake(bytes(e("hx", "x", H10)) * 40, 1L << 30, null); // ids of two chars
    for (int i = 0; i < 10; i++) { // twice the cap of 5
      intake.accept(List.of(e("h" + i, "x", H10)));
    }
    assertThat(partitions.pendingEvents()).isEqualTo(10);
    // one request over the cap never fits, however well flushes go
    assertThatThrownBy(() -> intake.accept(batch("x", H11, "o1", "o2", "o3", "o4", "o5", "o6")))
        .isInstanceOf(BufferRefusedException.class);
    // a quarter of the budget (10 events) is the most one partition holds even then
    assertThatThrownBy(() -> intake.accept(List.of(e("h10", "x", H10))))
        .isInstanceOfSatisfying(
            BufferRefusedException.class,
            r -> assertThat(r.reason()).isEqualTo(Reason.PARTITION_FULL));
    // when flushes fail, the cap holds again: the hot partition refuses, another still takes
    partitionsDraining.set(false);
    assertThatThrownBy(() -> intake.accept(List.of(e("h11", "x", H10))))
        .isInstanceOfSatisfying(
            BufferRefusedException.class,
            r -> assertThat(r.partition()).isEqualTo("x/2024-05-01-10"));
    intake.accept(List.of(e("n0", "x", H11)));
  }

  /** The call is refused for the reason, with a message that says so. */
  private static void assertRefused(ThrowingCallable call, Reason reason, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            BufferRefusedException.class,
            r -> {
              assertThat(r.reason()).isEqualTo(reason);
              assertThat(r.getMessage()).contains(message);
            });
  }

  /** Events of one type and hour, one per id. */
  private static List<EventRecord> batch(String type, Instant hour, String... ids) {
    return Stream.of(ids).map(id -> e(id, type, hour)).toList();
  }
}
