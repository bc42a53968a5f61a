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

  private static EventRecord e(String id) {
    return Fixtures.event(id, "x", HOUR);
  }

  private static List<String> ids(List<EventRecord> events) {
    return events.stream().map(EventRecord::id).toList();
  }

  @Test
  void reservesUpToTheCapAndNoFurther() {
    PartitionBuffer b = new PartitionBuffer(KEY, 0);
    assertThat(b.tryReserve(3, 5)).isTrue();
    assertThat(b.tryReserve(2, 5)).isTrue();
    assertThat(b.reserved()).isEqualTo(5);
    assertThat(b.tryReserve(1, 5)).isFalse();
    assertThat(b.reserved()).isEqualTo(5);

    b.release(2);
    assertThat(b.reserved()).isEqualTo(3);
    assertThat(b.tryReserve(3, 5)).isFalse(); // all or nothing
    assertThat(b.reserved()).isEqualTo(3);
    assertThat(b.tryReserve(2, 5)).isTrue();
    assertThat(b.reserved()).isEqualTo(5);
  }

  @Test
  void aRequestLargerThanTheCapIsRefusedEvenWhenEmpty() {
    PartitionBuffer b = new PartitionBuffer(KEY, 0);
    assertThat(b.tryReserve(6, 5)).isFalse();
    assertThat(b.reserved()).isZero();
  }

  @Test
  void reservationsCountEventsInFlightNotOnlyBuffered() {
    PartitionBuffer b = new PartitionBuffer(KEY, 0);
    assertThat(b.tryReserve(2, 2)).isTrue();
    b.append(List.of(e("a"), e("b")), 10);
    b.drain(); // a flush has them, not yet committed
    assertThat(b.size()).isZero();
    assertThat(b.reserved()).isEqualTo(2);
    assertThat(b.tryReserve(1, 2)).isFalse();
    b.release(2); // the commit landed
    assertThat(b.tryReserve(1, 2)).isTrue();
  }

  @Test
  void retiredBuffersRefuseReservations() {
    PartitionBuffer b = new PartitionBuffer(KEY, 0);
    assertThat(b.retireIfIdle(60_000, 60_000)).isTrue();
    assertThat(b.isRetired()).isTrue();
    assertThat(b.tryReserve(1, 100)).isFalse();
    assertThat(b.reserved()).isZero();
  }

  @Test
  void drainReturnsEverythingInOrderAndResets() {
    PartitionBuffer b = new PartitionBuffer(KEY, 0);
    b.tryReserve(3, 10);
    b.append(List.of(e("a"), e("b")), 100);
    b.append(List.of(e("c")), 200);
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
    b.append(List.of(e("d")), 500);
    assertThat(b.oldestMillis()).isEqualTo(500);
    assertThat(ids(d.events())).containsExactly("a", "b", "c"); // the drained list is not shared
  }

  @Test
  void restorePutsFailedEventsAheadOfNewerOnesAndKeepsTheirAge() {
    PartitionBuffer b = new PartitionBuffer(KEY, 0);
    b.tryReserve(5, 10);
    b.append(List.of(e("a"), e("b")), 100);
    Drained failed = b.drain();
    b.append(List.of(e("c")), 500);
    b.append(List.of(e("d"), e("e")), 600);

    b.restore(failed);

    assertThat(b.size()).isEqualTo(5);
    assertThat(b.oldestMillis()).isEqualTo(100);
    assertThat(b.oldestAgeMillis(1000)).isEqualTo(900);
    assertThat(b.reserved()).isEqualTo(5);
    assertThat(ids(b.drain().events())).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void restoreIntoAnEmptyBufferKeepsTheOriginalAge() {
    PartitionBuffer b = new PartitionBuffer(KEY, 0);
    b.tryReserve(2, 10);
    b.append(List.of(e("a"), e("b")), 100);
    Drained failed = b.drain();
    b.restore(failed);
    assertThat(b.oldestMillis()).isEqualTo(100);
    assertThat(ids(b.drain().events())).containsExactly("a", "b");
  }

  @Test
  void retiresOnlyWhenEmptyUnreservedAndIdle() {
    long idle = 60_000;
    PartitionBuffer b = new PartitionBuffer(KEY, 1_000);

    // not idle long enough
    assertThat(b.retireIfIdle(1_000 + idle - 1, idle)).isFalse();
    assertThat(b.isRetired()).isFalse();

    // reserved (an accept in progress) and buffered
    assertThat(b.tryReserve(1, 10)).isTrue();
    assertThat(b.retireIfIdle(1_000 + 10 * idle, idle)).isFalse();
    b.append(List.of(e("a")), 2_000);
    assertThat(b.retireIfIdle(2_000 + 10 * idle, idle)).isFalse();

    // drained but still in flight (reserved, not committed)
    b.drain();
    assertThat(b.retireIfIdle(2_000 + 10 * idle, idle)).isFalse();

    // buffered but unreserved cannot happen in use, yet must not retire either
    PartitionBuffer c = new PartitionBuffer(KEY, 0);
    c.append(List.of(e("z")), 0);
    assertThat(c.retireIfIdle(10 * idle, idle)).isFalse();

    // committed: empty, unreserved; idle is counted from the last append
    b.release(1);
    assertThat(b.retireIfIdle(2_000 + idle - 1, idle)).isFalse();
    assertThat(b.isRetired()).isFalse();
    assertThat(b.tryReserve(1, 10)).isTrue(); // still usable
    b.release(1);
    assertThat(b.retireIfIdle(2_000 + idle, idle)).isTrue();
    assertThat(b.isRetired()).isTrue();
    assertThat(b.tryReserve(1, 10)).isFalse();
  }
}
