package dev.floe.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The writes of a flush run side by side, bounded by the cores, and a failure leaves nothing. */
class WritePoolTest {
  @AfterEach
  void stop() {
    WritePool.shutdown();
  }

  @Test
  void resultsComeInTaskOrderAndAtMostOneThreadPerCoreWrites() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<Supplier<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int n = i;
      tasks.add(
          () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            threads.add(Thread.currentThread().getName());
            sleep(20);
            running.decrementAndGet();
            return n * n;
          });
    }

    List<Integer> results = WritePool.all(tasks, r -> {});

    assertThat(results).hasSize(20);
    for (int i = 0; i < 20; i++) {
      assertThat(results.get(i)).isEqualTo(i * i);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(most.get()).isLessThanOrEqualTo(cores);
    assertThat(threads).contains(Thread.currentThread().getName()).hasSizeLessThanOrEqualTo(cores);
    if (cores > 1) {
      assertThat(threads).anyMatch(t -> t.startsWith(WritePool.THREAD_NAME));
    }
  }

  @Test
  void oneTaskRunsOnTheCallingThreadAlone() {
    List<String> where = new CopyOnWriteArrayList<>();
    WritePool.all(List.of(() -> where.add(Thread.currentThread().getName())), r -> {});
    assertThat(where).containsExactly(Thread.currentThread().getName());
    assertThat(writerThreads()).isEmpty();
  }

  @Test
  void aFailureUndoesEveryResultMadeOnlyAfterTheRunningTasksEndedAndIsThrownAsItWas() {
    List<Integer> finished = new CopyOnWriteArrayList<>();
    List<Integer> undone = new CopyOnWriteArrayList<>();
    IllegalStateException boom = new IllegalStateException("disk full");
    List<Supplier<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      int n = i;
      tasks.add(
          () -> {
            if (n == 1) {
              throw boom;
            }
            sleep(n == 0 ? 200 : 10); // still writing when the failure is known
            finished.add(n);
            return n;
          });
    }

    assertThatThrownBy(() -> WritePool.all(tasks, undone::add)).isSameAs(boom);

    assertThat(undone)
        .as("every file written is deleted")
        .containsExactlyInAnyOrderElementsOf(finished);
    assertThat(finished).as("the task running when another failed ended first").contains(0);
    assertThat(finished.size()).as("tasks not started are skipped").isLessThan(5);
  }

  @Test
  void aFlushDoesNotWaitForItsHelperWhileAnotherFlushHoldsTheHelpers() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch helpersBusy = new CountDownLatch(cores - 1);
    List<Supplier<Integer>> blocking = new ArrayList<>();
    for (int i = 0; i < cores; i++) {
      blocking.add(
          () -> {
            if (Thread.currentThread().getName().startsWith(WritePool.THREAD_NAME)) {
              helpersBusy.countDown();
              await(release);
            } else {
              await(helpersBusy); // leaves a task for each helper
            }
            return 0;
          });
    }
    CompletableFuture<List<Integer>> other =
        CompletableFuture.supplyAsync(() -> WritePool.all(blocking, r -> {}));
    assertThat(helpersBusy.await(10, TimeUnit.SECONDS)).as("every helper is busy").isTrue();
    try {
      // this flush's helper waits in the queue; the flushing thread writes both files itself
      CompletableFuture<List<Integer>> mine =
          CompletableFuture.supplyAsync(() -> WritePool.all(List.of(() -> 1, () -> 2), r -> {}));
      assertThat(mine.get(10, TimeUnit.SECONDS)).containsExactly(1, 2);
    } finally {
      release.countDown();
    }
    assertThat(other.get(10, TimeUnit.SECONDS)).hasSize(cores);
  }

  @Test
  void shutdownLeavesNoThreadAndALaterFlushStartsThemAgain() throws Exception {
    List<Supplier<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3, () -> 4);
    WritePool.all(tasks, r -> {});
    WritePool.shutdown();
    assertThat(writerThreads()).as("writer threads left running").isEmpty();

    assertThat(WritePool.all(tasks, r -> {})).containsExactly(1, 2, 3, 4);
    WritePool.shutdown();
    assertThat(writerThreads()).isEmpty();
  }

  static List<Thread> writerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(WritePool.THREAD_NAME) && t.isAlive())
        .toList();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
