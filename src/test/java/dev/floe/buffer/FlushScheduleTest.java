package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FlushScheduleTest {
  /** An executor that runs its tasks when told, so the test decides the interleaving. */
  private final Queue<Runnable> tasks = new ArrayDeque<>();

  private void runAll() {
    for (Runnable r; (r = tasks.poll()) != null; ) {
      r.run();
    }
  }

  @Test
  void aRequestDuringAPassMakesItGoAgainWithoutASecondRun() {
    AtomicInteger passes = new AtomicInteger();
    FlushSchedule[] s = new FlushSchedule[1];
    s[0] =
        new FlushSchedule(
            tasks::add,
            () -> {
              if (passes.incrementAndGet() == 1) {
                s[0].request(); // a partition filled up while the first pass committed
              }
              return true;
            });
    s[0].request();
    s[0].request(); // one run is enough for both
    assertThat(tasks).hasSize(1);
    runAll();
    assertThat(passes).hasValue(2);
    assertThat(tasks).isEmpty();
  }

  @Test
  void aPassThatBacksOffEndsTheRunAndTheNextRequestStartsAnother() {
    AtomicInteger passes = new AtomicInteger();
    FlushSchedule s = new FlushSchedule(tasks::add, () -> passes.incrementAndGet() > 1);
    s.request();
    runAll();
    assertThat(passes).hasValue(1);
    s.request();
    runAll();
    assertThat(passes).hasValue(2);
  }
}
