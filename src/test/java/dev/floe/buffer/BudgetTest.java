package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.event.EventRecord;
import dev.floe.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BudgetTest {

  @Test
  void reserveAndRelease() {
    Budget b = new Budget(1000);
    assertThat(b.used()).isZero();
    assertThat(b.tryReserve(400)).isTrue();
    assertThat(b.used()).isEqualTo(400);
    assertThat(b.tryReserve(600)).isTrue(); // exactly the maximum fits
    assertThat(b.used()).isEqualTo(1000);
    b.release(600);
    assertThat(b.used()).isEqualTo(400);
    b.release(400);
    assertThat(b.used()).isZero();
  }

  @Test
  void refusesPastTheMaximumAndKeepsNothingOfARefusal() {
    Budget b = new Budget(1000);
    assertThat(b.tryReserve(900)).isTrue();
    assertThat(b.tryReserve(101)).isFalse();
    assertThat(b.used()).isEqualTo(900);
    assertThat(b.tryReserve(100)).isTrue();
    assertThat(b.tryReserve(1)).isFalse();
    assertThat(b.used()).isEqualTo(1000);
    b.release(100);
    assertThat(b.tryReserve(101)).isFalse();
    assertThat(b.tryReserve(100)).isTrue();
  }

  @Test
  void aRequestLargerThanTheWholeBudgetFitsWhenNothingElseIsReserved() {
    Budget b = new Budget(100);
    assertThat(b.tryReserve(500)).isTrue();
    assertThat(b.used()).isEqualTo(500);
    assertThat(b.tryReserve(1)).isFalse(); // nothing else fits beside it
    assertThat(b.tryReserve(500)).isFalse();
    assertThat(b.used()).isEqualTo(500);
    b.release(500);
    assertThat(b.used()).isZero();
    assertThat(b.tryReserve(1)).isTrue();
  }

  @Test
  void aRequestLargerThanTheWholeBudgetIsRefusedWhenSomethingIsReserved() {
    Budget b = new Budget(100);
    assertThat(b.tryReserve(1)).isTrue();
    assertThat(b.tryReserve(500)).isFalse();
    assertThat(b.used()).isEqualTo(1);
  }

  @Test
  void underPressurePastHalf() {
    Budget b = new Budget(1000);
    assertThat(b.underPressure()).isFalse();
    b.tryReserve(500);
    assertThat(b.underPressure()).isFalse(); // exactly half is not past half
    b.tryReserve(1);
    assertThat(b.underPressure()).isTrue();
    b.release(1);
    assertThat(b.underPressure()).isFalse();
  }

  @Test
  void bytesOfSumsTheEstimates() {
    Instant t = Instant.parse("2024-03-01T10:05:00Z");
    EventRecord a = Fixtures.event("a", "x", t);
    EventRecord big = Fixtures.PAGE_VIEW;
    assertThat(Budget.bytesOf(List.of())).isZero();
    assertThat(Budget.bytesOf(List.of(a, big)))
        .isEqualTo(a.estimatedBytes() + big.estimatedBytes())
        .isPositive();
    assertThat(big.estimatedBytes()).isGreaterThan(a.estimatedBytes());
  }

  @Test
  void concurrentReservationsNeverOvershoot() throws Exception {
    Budget b = new Budget(1000);
    AtomicInteger granted = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread th =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int k = 0; k < 500; k++) {
                  if (b.tryReserve(3)) {
                    granted.incrementAndGet();
                  }
                }
              });
      th.start();
      threads.add(th);
    }
    go.countDown();
    for (Thread th : threads) {
      th.join(10_000);
    }
    assertThat(granted.get()).isPositive().isLessThanOrEqualTo(333);
    assertThat(b.used()).isEqualTo(3L * granted.get());
  }
}
