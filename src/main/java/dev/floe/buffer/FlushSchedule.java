package dev.floe.buffer;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Runs background flush passes one at a time on an executor. A request while a pass runs makes it
 * go again, and no request is lost between the last look and the end of the run: a full partition
 * starts its flush at once, not at the next timer tick. A pass that answers false (backing off
 * after a failure) ends the run; the timer asks again.
 */
final class FlushSchedule {
  private final Executor executor;
  private final BooleanSupplier pass;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean requested;

  FlushSchedule(Executor executor, BooleanSupplier pass) {
    this.executor = executor;
    this.pass = pass;
  }

  void request() {
    requested = true;
    if (running.compareAndSet(false, true)) {
      executor.execute(this::run);
    }
  }

  private void run() {
    while (true) {
      boolean goOn = true;
      try {
        while (goOn && requested) {
          requested = false;
          goOn = pass.getAsBoolean();
        }
      } finally {
        running.set(false);
      }
      // a request between the last look and clearing the flag found it set and started nothing
      if (!goOn || !requested || !running.compareAndSet(false, true)) {
        return;
      }
    }
  }
}
