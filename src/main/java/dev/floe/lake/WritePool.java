package dev.floe.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the file writes of one flush side by side: the flushing thread and at most one helper per
 * other core take the next task until none is left, so a flush of one partition runs as before on
 * its own thread. The helpers are daemon threads of this deployment, started when first needed and
 * stopped by {@link #shutdown} (the committer's close, on undeploy and after the start-up
 * rehearsal); a later flush starts them again.
 */
final class WritePool {
  static final String THREAD_NAME = "floe-parquet-writer";
  private static final Logger LOG = Logger.getLogger(WritePool.class.getName());
  private static final int HELPERS = Runtime.getRuntime().availableProcessors() - 1;
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static ExecutorService pool; // guarded by WritePool.class
  private static final List<Thread> STARTED = new ArrayList<>(); // guarded by WritePool.class

  private WritePool() {}

  /**
   * The result of every task, in order. When one fails the tasks not started are skipped, the ones
   * running are waited for, {@code undo} gets every result made, and the first failure is thrown as
   * it was: nothing written is left behind or still being written.
   */
  static <T> List<T> all(List<Supplier<T>> tasks, Consumer<T> undo) {
    Run<T> run = new Run<>(tasks);
    for (int h = Math.min(tasks.size() - 1, HELPERS); h > 0; h--) {
      submit(run::work); // a helper that starts late finds nothing left and ends
    }
    run.work();
    return run.results(undo);
  }

  /** The state of one {@link #all}: the next task to take, the results, the first failure. */
  private static final class Run<T> {
    private final List<Supplier<T>> tasks;
    private final Object[] results;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private int ended; // guarded by this

    Run(List<Supplier<T>> tasks) {
      this.tasks = tasks;
      this.results = new Object[tasks.size()];
    }

    /** Takes tasks until none is left; after a failure, takes them only to skip them. */
    void work() {
      for (int i = next.getAndIncrement(); i < results.length; i = next.getAndIncrement()) {
        if (failure.get() == null) {
          try {
            results[i] = tasks.get(i).get();
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          }
        }
        synchronized (this) {
          if (++ended == results.length) {
            notifyAll();
          }
        }
      }
    }

    /** Waits for every task taken by a helper, then returns the results or undoes them. */
    List<T> results(Consumer<T> undo) {
      boolean interrupted = false;
      synchronized (this) {
        while (ended < results.length) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true; // the helpers' files must be known before anything is deleted
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      Throwable t = failure.get();
      List<T> out = new ArrayList<>(results.length);
      for (Object r : results) {
        out.add(cast(r));
      }
      if (t == null) {
        return out;
      }
      out.stream().filter(r -> r != null).forEach(undo);
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(t);
    }

    @SuppressWarnings("unchecked")
    private static <R> R cast(Object o) {
      return (R) o;
    }
  }

  private static synchronized void submit(Runnable task) {
    try {
      if (pool == null) {
        ThreadPoolExecutor p =
            new ThreadPoolExecutor(
                HELPERS,
                HELPERS,
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                r -> {
                  Thread t = new Thread(r, THREAD_NAME + "-" + THREADS.incrementAndGet());
                  t.setDaemon(true);
                  synchronized (WritePool.class) {
                    STARTED.removeIf(s -> !s.isAlive());
                    STARTED.add(t);
                  }
                  return t;
                });
        p.allowCoreThreadTimeOut(true); // idle between flushes: no thread kept
        pool = p;
      }
      pool.execute(task);
    } catch (RuntimeException | LinkageError e) {
      // refused, or classes that can no longer load while the JVM stops: this thread writes all
      LOG.log(Level.FINE, "Writing on the flushing thread only", e);
    }
  }

  /**
   * Stops the helpers; a later flush starts new ones. Waits (10 s at most) until their threads
   * ended: an undeploy leaves none behind.
   */
  static void shutdown() {
    ExecutorService p;
    List<Thread> threads;
    synchronized (WritePool.class) {
      p = pool;
      pool = null;
      threads = List.copyOf(STARTED);
      STARTED.clear();
    }
    if (p == null) {
      return;
    }
    p.shutdown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      for (Thread t : threads) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
