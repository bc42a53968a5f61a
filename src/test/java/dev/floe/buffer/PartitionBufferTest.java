package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.buffer.PartitionBuffer.Drained;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import dev.floe.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionBufferTest {
  private static final Instant HOUR = Instant.parse("2024-03-01T10:05:00Z");
  private static final PartitionKey KEY = PartitionKey.of("x", HOUR);
  private final Budget budget = new Budget(1L << 30);

  /**
   * Appends as an accept does, handing the buffer the room of the events (slots reserved before).
   */
  private void add(PartitionBuffer b, long nowMillis, EventRecord... events) {
    List<EventRecord> batch = List.of(events);
    budget.forceReserve(Budget.bytesOf(batch));
    b.append(batch, nowMillis, 0, new Reservation(b, budget, events.length, Budget.bytesOf(batch)));
  }

  /** A new buffer that reserved room for that many events. */
  private PartitionBuffer withRoom(int slots) {
    PartitionBuffer b = new PartitionBuffer(KEY, budget, 0);
    b.tryReserve(slots, 10);
    return b;
  }

  /** A buffer with room for three events: a and b added at {@code first}, c at {@code second}. */
  private PartitionBuffer holdingABC(long first, long second) {
    PartitionBuffer b = withRoom(3);
    add(b, first, e("a"), e("b"));
    add(b, second, e("c"));
    return b;
  }

  private static EventRecord e(String id) {
    return Fixtures.event(id, "x", HOUR);
  }

  private static List<String> ids(List<EventRecord> events) {
    return events.stream().map(EventRecord::id).toList();
  }

  @Test
  void reservesUpToTheCapAndNoFurther() {
    PartitionBuffer b = new PartitionBuffer(KEY, budget, 0);
    assertThat(b.tryReserve(3, 5)).isTrue();
    assertThat(b.tryReserve(2, 5)).isTrue();
    assertThat(b.reserved()).isEqualTo(5);
    assertThat(b.tryReserve(1, 5)).isFalse();
    assertThat(b.reserved()).isEqualTo(5);

    b.release(2, false);
    assertThat(b.reserved()).isEqualTo(3);
    assertThat(b.tryReserve(3, 5)).isFalse(); // all or nothing
    assertThat(b.reserved()).isEqualTo(3);
    assertThat(b.tryReserve(2, 5)).isTrue();
    assertThat(b.reserved()).isEqualTo(5);
  }

  @Test
  void aRequestLargerThanTheCapIsRefusedEvenWhenEmpty() {
    PartitionBuffer b = new PartitionBuffer(KEY, budget, 0);
    assertThat(b.tryReserve(6, 5)).isFalse();
    assertThat(b.reserved()).isZero();
  }

  @Test
  void theCapCountsWaitingEventsNotThoseAFlushTookUntilTheyComeBack() {
    PartitionBuffer b = new PartitionBuffer(KEY, budget, 0);
    assertThat(b.tryReserve(2, 2)).isTrue();
    add(b, 10, e("a"), e("b"));
    assertThat(b.tryReserve(1, 2)).isFalse();
    Drained inFlight = b.drain(); // a flush has them, not yet committed
    assertThat(b.size()).isZero();
    assertThat(b.reserved()).isEqualTo(2);
    assertThat(budget.used()).isPositive();
    assertThat(b.tryReserve(2, 2)).isTrue(); // room for new events while the commit runs
    add(b, 20, e("c"), e("d"));
    b.restore(inFlight); // the flush failed: its events wait again, past the cap
    assertThat(b.size()).isEqualTo(4);
    assertThat(b.tryReserve(1, 2)).isFalse();
    Drained again = b.drain();
    assertThat(again.room().release()).isTrue(); // the commit landed
    assertThat(budget.used()).isZero();
    assertThat(b.reserved()).isZero();
    assertThat(b.tryReserve(2, 2)).isTrue();
  }

  @Test
  void theRoomOfDrainedEventsIsGivenBackOnceAndGoesBackWithARestore() {
    PartitionBuffer b = holdingABC(10, 20);
    Drained failed = b.drain();
    assertThat(failed.room().slots()).isEqualTo(3);
    b.restore(failed); // a failed flush hands the events and their room back
    Drained committed = b.drain();
    assertThat(committed.room().slots()).isEqualTo(3);

    assertThat(committed.room().release()).isTrue();
    assertThat(committed.room().release()).as("a second release gives nothing back").isFalse();
    assertThat(b.reserved()).isZero();
    assertThat(budget.used()).isZero();
  }

  @Test
  void retiredBuffersRefuseReservations() {
    PartitionBuffer b = new PartitionBuffer(KEY, budget, 0);
    assertThat(b.retireIfIdle(60_000, 60_000)).isTrue();
    assertThat(b.isRetired()).isTrue();
    assertThat(b.tryReserve(1, 100)).isFalse();
    assertThat(b.reserved()).isZero();
  }

  @Test
  void drainReturnsEverythingInOrderAndResets() {
    PartitionBuffer b = holdingABC(100, 200);
    assertThat(b.size()).isEqualTo(3);
    assertThat(b.oldestMillis()).isEqualTo(100);
    assertThat(b.oldestAgeMillis(350)).isEqualTo(250);

    Drained d = b.drain();
    assertThat(d.from()).isSameAs(b);
    assertThat(ids(d.events())).containsExactly("a", "b", "c");
    assertThat(d.oldestMillis()).isEqualTo(100);

    assertThat(b.size()).isZero();
    assertThat(b.oldestAgeMillis(350)).isZero();
    assertThat(b.oldestMillis()).isEqualTo(Long.MAX_VALUE);
    assertThat(b.drain().events()).isEmpty();

    // what arrives next starts its own age
    add(b, 500, e("d"));
    assertThat(b.oldestMillis()).isEqualTo(500);
    assertThat(ids(d.events())).containsExactly("a", "b", "c"); // the drained list is not shared
  }

  @Test
  void restorePutsFailedEventsAheadOfNewerOnesAndKeepsTheirAge() {
    PartitionBuffer b = withRoom(5);
    add(b, 100, e("a"), e("b"));
    Drained failed = b.drain();
    add(b, 500, e("c"));
    add(b, 600, e("d"), e("e"));

    b.restore(failed);

    assertThat(b.size()).isEqualTo(5);
    assertThat(b.oldestMillis()).isEqualTo(100);
    assertThat(b.oldestAgeMillis(1000)).isEqualTo(900);
    assertThat(b.reserved()).isEqualTo(5);
    assertThat(ids(b.drain().events())).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void restoreIntoAnEmptyBufferKeepsTheOriginalAge() {
    PartitionBuffer b = withRoom(2);
    add(b, 100, e("a"), e("b"));
    Drained failed = b.drain();
    b.restore(failed);
    assertThat(b.oldestMillis()).isEqualTo(100);
    assertThat(ids(b.drain().events())).containsExactly("a", "b");
  }

  @Test
  void retiresOnlyWhenEmptyUnreservedAndIdle() {
    long idle = 60_000;
    PartitionBuffer b = new PartitionBuffer(KEY, budget, 1_000);

    // not idle long enough
    assertThat(b.retireIfIdle(1_000 + idle - 1, idle)).isFalse();
    assertThat(b.isRetired()).isFalse();

    // reserved (an accept in progress) and buffered
    assertThat(b.tryReserve(1, 10)).isTrue();
    assertThat(b.retireIfIdle(1_000 + 10 * idle, idle)).isFalse();
    add(b, 2_000, e("a"));
    assertThat(b.retireIfIdle(2_000 + 10 * idle, idle)).isFalse();

    // drained but still in flight (reserved, not committed)
    Drained inFlight = b.drain();
    assertThat(b.retireIfIdle(2_000 + 10 * idle, idle)).isFalse();

    // buffered but unreserved cannot happen in use, yet must not retire either
    PartitionBuffer c = new PartitionBuffer(KEY, budget, 0);
    add(c, 0, e("z"));
    assertThat(c.retireIfIdle(10 * idle, idle)).isFalse();

    // committed: empty, unreserved; idle is counted from the last append
    inFlight.room().release();
    assertThat(b.retireIfIdle(2_000 + idle - 1, idle)).isFalse();
    assertThat(b.isRetired()).isFalse();
    assertThat(b.tryReserve(1, 10)).isTrue(); // still usable
    b.release(1, false);
    assertThat(b.retireIfIdle(2_000 + idle, idle)).isTrue();
    assertThat(b.isRetired()).isTrue();
    assertThat(b.tryReserve(1, 10)).isFalse();
  }
}
