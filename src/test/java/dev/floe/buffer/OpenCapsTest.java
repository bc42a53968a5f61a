package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.buffer.BufferRefusedException.Reason;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import dev.floe.testing.Fixtures;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The caps on open partitions and event types, on the real partitions and budget: a request that
 * would open one too many is refused whole, open partitions keep taking events, a flushed partition
 * frees its place, and replayed log records are always taken back.
 */
class OpenCapsTest {
  private static final Instant H0 = Instant.parse("2024-05-01T10:15:00Z");
  private final Partitions partitions = new Partitions(new Budget(1L << 30), 1000, t -> {});

  private static EventRecord e(String id, String type, int hour) {
    return Fixtures.event(id, type, H0.plus(hour, ChronoUnit.HOURS));
  }

  private void accept(EventRecord... events) throws BufferRefusedException {
    Admission a = partitions.admit(List.of(events), i -> "", () -> 1);
    try {
      partitions.append(a, System.currentTimeMillis(), x -> 0);
    } catch (java.io.IOException ex) {
      throw new AssertionError(ex);
    }
  }

  private Reason refusal(EventRecord... events) {
    try {
      accept(events);
      return null;
    } catch (BufferRefusedException ex) {
      return ex.reason();
    }
  }

  /** What a landed flush does: takes every event of the partition and gives back its room. */
  private void flush(String type, int hour) {
    PartitionKey key = PartitionKey.of(e("k", type, hour));
    List<PartitionBuffer> which = partitions.select(key::equals);
    assertThat(which).hasSize(1);
    which.get(0).drain().room().release();
  }

  @Test
  void aRequestOpeningOnePartitionTooManyIsRefusedWholeWhileOpenOnesKeepTakingEvents()
      throws Exception {
    partitions.cap(new OpenCaps(3, 100, 30));
    accept(e("a", "t", 0), e("b", "t", 1));
    accept(e("c", "t", 2));

    BufferRefusedException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            BufferRefusedException.class, () -> accept(e("d", "t", 0), e("e", "t", 3)));
    assertThat(refused.reason()).isEqualTo(Reason.TOO_MANY_PARTITIONS);
    assertThat(refused.retryAfterSeconds()).isEqualTo(30);
    assertThat(refused.getMessage())
        .contains("FLOE_MAX_OPEN_PARTITIONS")
        .contains("t/2024-05-01-13");
    assertThat(partitions.pendingEvents()).as("nothing of the refused request kept").isEqualTo(3);

    accept(e("f", "t", 0), e("g", "t", 2));
    assertThat(partitions.pendingEvents()).isEqualTo(5);
    assertThat(partitions.count()).isEqualTo(3);
  }

  @Test
  void aNewTypePastTheTypeCapIsRefusedWhileKnownTypesOpenNewHours() throws Exception {
    partitions.cap(new OpenCaps(100, 2, 30));
    accept(e("a", "x", 0), e("b", "y", 0));

    assertThat(refusal(e("c", "z", 0))).isEqualTo(Reason.TOO_MANY_TYPES);
    accept(e("d", "x", 1), e("e", "y", 5));
    assertThat(partitions.typeCount()).isEqualTo(2);
    assertThat(partitions.count()).isEqualTo(4);
  }

  @Test
  void aFlushedPartitionFreesItsPlaceAtOnce() throws Exception {
    partitions.cap(new OpenCaps(2, 1, 30));
    accept(e("a", "x", 0), e("b", "x", 1));
    assertThat(refusal(e("c", "x", 2))).isEqualTo(Reason.TOO_MANY_PARTITIONS);
    assertThat(refusal(e("c", "y", 0))).isEqualTo(Reason.TOO_MANY_PARTITIONS);

    flush("x", 0);
    accept(e("c", "x", 2)); // the empty buffer is retired to make room, not kept open
    assertThat(partitions.count()).isEqualTo(2);

    flush("x", 1);
    flush("x", 2);
    accept(e("d", "y", 0));
    assertThat(partitions.typeCount()).isEqualTo(1);
  }

  @Test
  void replayedRecordsAreTakenBackPastEveryCap() throws Exception {
    partitions.cap(new OpenCaps(1, 1, 30));
    List<EventRecord> logged = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      logged.add(e("r" + i, "type" + (i % 5), i));
    }
    partitions.replay(logged, i -> "", 1, System.currentTimeMillis());

    assertThat(partitions.pendingEvents()).isEqualTo(50);
    assertThat(partitions.count()).isEqualTo(50);
    assertThat(partitions.typeCount()).isEqualTo(5);
    assertThat(refusal(e("n", "type0", 100))).isEqualTo(Reason.TOO_MANY_PARTITIONS);
    accept(e("m", "type0", 0)); // an open partition keeps taking events
  }

  @Test
  void racingRequestsNeverOpenMoreThanTheCap() throws Exception {
    partitions.cap(new OpenCaps(40, 1000, 30));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Reason>> answers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int hour = i;
      answers.add(
          pool.submit(
              () -> {
                go.await();
                return refusal(e("r" + hour, "t" + hour % 7, hour));
              }));
    }
    go.countDown();
    int accepted = 0;
    for (Future<Reason> f : answers) {
      if (f.get() == null) {
        accepted++;
      }
    }
    pool.shutdown();
    assertThat(accepted).isEqualTo(40);
    assertThat(partitions.count()).isEqualTo(40);
    assertThat(partitions.pendingEvents()).isEqualTo(40);
  }

  @Test
  void checkCountsPartitionsThenNewTypes() {
    OpenCaps caps = new OpenCaps(10, 3, 5);
    assertThat(caps.check(9, 3, true)).isNull();
    assertThat(caps.check(9, 2, false)).isNull();
    assertThat(caps.check(9, 3, false)).isEqualTo(Reason.TOO_MANY_TYPES);
    assertThat(caps.check(10, 1, true)).isEqualTo(Reason.TOO_MANY_PARTITIONS);
    assertThat(OpenCaps.NONE.check(Integer.MAX_VALUE - 1, Integer.MAX_VALUE - 1, false)).isNull();
    assertThatThrownBy(
            () -> {
              throw caps.refusal(Reason.TOO_MANY_TYPES, PartitionKey.of(e("a", "q", 0)));
            })
        .hasMessageContaining("FLOE_MAX_EVENT_TYPES");
  }
}
