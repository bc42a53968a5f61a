package dev.floe.buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the tables' flushes of one pass side by side: the first on the caller's thread, the others
 * on a small pool of this engine (at most {@code parallel} at once in all), so a pass over ten
 * tables waits for about its slowest commits, not for their sum. The pool's threads end after a
 * while idle and at {@link #close()}; after it, everything runs on the caller's thread.
 */
final class SideBySide implements AutoCloseable {
  /** Flushes of different tables in flight at once, by default. */
  static final int PARALLEL = 4;

  private static final AtomicInteger POOLS = new AtomicInteger();

  /** What one task returned, or how it failed. */
  record Outcome<T>(T value, RuntimeException failure) {}

  private final ThreadPoolExecutor pool; // null when one at a time

  SideBySide(int parallel) {
    if (parallel <= 1) {
      pool = null;
      return;
    }
    int id = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    ClassLoader loader = SideBySide.class.getClassLoader();
    pool =
        new ThreadPoolExecutor(
            parallel - 1,
            parallel - 1,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "floe-flush-" + id + "-" + n.incrementAndGet());
              t.setDaemon(true); // never keeps a JVM up; close() ends them at stop
              t.setContextClassLoader(loader); // Iceberg and the AWS SDK load by it
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  /**
   * Runs every task and waits for all of them; an {@link Error} of any is thrown once the tasks
   * already running ended (no further one starts on the caller's thread).
   */
  <T> List<Outcome<T>> run(List<Callable<T>> tasks) {
    List<Future<T>> started = new ArrayList<>();
    for (int i = 1; i < tasks.size() && pool != null; i++) {
      try {
        started.add(pool.submit(tasks.get(i)));
      } catch (RejectedExecutionException closed) {
        break; // stopping: the rest run here
      }
    }
    List<Outcome<T>> outcomes = new ArrayList<>();
    Error error = null;
    for (int i = 0; i < tasks.size(); i++) {
      boolean here = i == 0 || i > started.size();
      if (here && error != null) {
        continue; // the process is going down: start nothing more, wait for what runs
      }
      try {
        outcomes.add(
            here
                ? new Outcome<>(tasks.get(i).call(), null)
                : new Outcome<>(waitFor(started.get(i - 1)), null));
      } catch (RuntimeException e) {
        outcomes.add(new Outcome<>(null, e));
      } catch (Error e) {
        error = error == null ? e : error;
      } catch (Exception e) {
        outcomes.add(new Outcome<>(null, new IllegalStateException(e)));
      }
    }
    if (error != null) {
      throw error;
    }
    return outcomes;
  }

  private static <T> T waitFor(Future<T> f) throws Exception {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get(); // a flush is not abandoned half-way: wait it out
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Exception x) {
            throw x;
          }
          throw (Error) e.getCause();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Ends the pool's threads once their flushes ended; waits for them a while. */
  @Override
  public void close() {
    if (pool == null) {
      return;
    }
    pool.shutdown();
    try {
      pool.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
