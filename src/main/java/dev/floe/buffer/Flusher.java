package dev.floe.buffer;

import dev.floe.buffer.PartitionBuffer.Drained;
import dev.floe.lake.FlushSink;
import dev.floe.lake.FlushSink.Written;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;

/**
 * Flushes one table, one flush at a time: drain the chosen buffers, write, commit once. A failed
 * write or commit puts the events back where they were and backs off; a commit whose outcome is
 * unknown keeps its files and is looked up by commit id before anything else is committed.
 */
final class Flusher {
  private static final long FIRST_BACKOFF_MS = 1000;

  private final ReentrantLock lock; // this table's: one flush of it at a time
  private final Object moves;
  private final FlushSink committer;
  private final FlushLog log;
  private final CommitObserver observer;
  private final long maxBackoffMs;
  private final Consumer<List<Drained>> landed;

  private volatile Unknown unknown;
  // oldest log position of the events the running flush took out of their buffers
  private volatile long inFlightFirst = Long.MAX_VALUE;
  private long backoffMs;
  private volatile long retryAtMillis;
  private volatile long startedMillis;

  private record Unknown(
      String commitId, List<Drained> drained, Written written, Map<String, String> summary) {}

  Flusher(FlushSink committer, long maxBackoffMs, FlushLog log, CommitObserver observer) {
    this(committer, maxBackoffMs, log, observer, d -> {});
  }

  /**
   * @param landed told of the events of each commit that landed, after the log learnt of it (the
   *     requests waiting for it are answered)
   */
  Flusher(
      FlushSink committer,
      long maxBackoffMs,
      FlushLog log,
      CommitObserver observer,
      Consumer<List<Drained>> landed) {
    this(committer, maxBackoffMs, log, observer, landed, new ReentrantLock(), new Object());
  }

  /**
   * One table's flusher.
   *
   * @param lock held through each flush of this table (a query's copy of its buffers takes it)
   * @param moves shared by every table's flusher and the log's floor: held while events move
   *     between their buffers, a running flush and a commit of unknown outcome, so the floor never
   *     reads an event in none of them
   */
  Flusher(
      FlushSink committer,
      long maxBackoffMs,
      FlushLog log,
      CommitObserver observer,
      Consumer<List<Drained>> landed,
      ReentrantLock lock,
      Object moves) {
    this.lock = lock;
    this.moves = moves;
    this.landed = landed;
    this.committer = committer;
    this.maxBackoffMs = maxBackoffMs;
    this.log = log;
    this.observer = observer;
  }

  /** Flushes the given buffers as one commit and reports it; throws when the flush failed. */
  FlushReport flush(Collection<PartitionBuffer> selected) {
    lock.lock();
    try {
      startedMillis = System.currentTimeMillis();
      try {
        log.beforeFlush();
      } catch (RuntimeException e) {
        throw backOff(e);
      }
      resolveUnknown();
      List<Drained> drained;
      synchronized (moves) { // another table's truncation sees these events here or in a buffer
        inFlightFirst = logged(selected.stream().mapToLong(PartitionBuffer::firstPosition));
        drained =
            selected.stream()
                .map(PartitionBuffer::drain)
                .filter(d -> !d.events().isEmpty())
                .toList();
      }
      if (drained.isEmpty()) {
        return FlushReport.EMPTY;
      }
      String commitId = UUID.randomUUID().toString();
      Written written;
      try {
        List<FlushSink.Batch> batches =
            drained.stream().map(d -> new FlushSink.Batch(d.events(), log.objectName(d))).toList();
        written = committer.write(batches, commitId);
      } catch (RuntimeException e) {
        throw failed(drained, e);
      }
      Map<String, String> summary;
      try {
        summary = log.beforeCommit(drained);
      } catch (RuntimeException e) {
        committer.discard(written);
        throw failed(drained, e);
      }
      try {
        FlushSink.Landed result = committer.commit(written, commitId, summary, log::validateBase);
        inFlightFirst = Long.MAX_VALUE; // in the table now: no longer holds the log back
        observer.committed(summary);
        log.afterCommit(summary);
        committed(drained);
        return new FlushReport(
            result.snapshotId(),
            result.files(),
            result.rows(),
            drained.stream().map(d -> d.from().key.toString()).toList());
      } catch (CommitStateUnknownException e) {
        synchronized (moves) {
          unknown = new Unknown(commitId, drained, written, summary);
          inFlightFirst = Long.MAX_VALUE;
        }
        throw backOff(e);
      } catch (RuntimeException e) {
        throw failed(drained, e);
      }
    } finally {
      inFlightFirst = Long.MAX_VALUE; // landed, back in their buffers, or held as unknown by now
      startedMillis = 0;
      lock.unlock();
    }
  }

  /** Settles an earlier commit of unknown outcome: found in the table, or committed again. */
  private void resolveUnknown() {
    if (unknown == null) {
      return;
    }
    Unknown u = unknown;
    boolean landed;
    try {
      landed = committer.landed(u.commitId());
    } catch (RuntimeException e) {
      throw backOff(e); // still unknown
    }
    if (!landed) {
      try {
        committer.commit(u.written(), u.commitId(), u.summary(), log::validateBase);
      } catch (CommitStateUnknownException e) {
        throw backOff(e);
      } catch (RuntimeException e) {
        synchronized (moves) { // definitely not committed; the committer deleted the files
          unknown = null;
          throw failed(u.drained(), e);
        }
      }
    }
    unknown = null;
    observer.committed(u.summary());
    log.afterCommit(u.summary());
    committed(u.drained());
  }

  private void committed(List<Drained> drained) {
    drained.forEach(d -> d.room().release());
    backoffMs = 0;
    retryAtMillis = 0;
    landed.accept(drained);
  }

  private RuntimeException failed(List<Drained> drained, RuntimeException e) {
    synchronized (moves) {
      drained.forEach(d -> d.from().restore(d));
      inFlightFirst = Long.MAX_VALUE;
    }
    return backOff(e);
  }

  private RuntimeException backOff(RuntimeException e) {
    backoffMs = backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(maxBackoffMs, backoffMs * 2);
    retryAtMillis = System.currentTimeMillis() + backoffMs;
    return e;
  }

  /**
   * Runs {@code view} while no flush of this node runs, so no commit of its events lands meanwhile;
   * null when a flush held on for longer than {@code waitMillis}.
   */
  <T> T betweenFlushes(long waitMillis, Supplier<T> view) throws InterruptedException {
    if (!lock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
      return null;
    }
    try {
      return view.get();
    } finally {
      lock.unlock();
    }
  }

  /** When automatic flushes may try again after a failure; 0 when not backing off. */
  long retryAtMillis() {
    return retryAtMillis;
  }

  /** What a refusal tells the client to wait: until the next retry, 1 to 60 seconds. */
  int retryAfterSeconds() {
    long wait = retryAtMillis - System.currentTimeMillis();
    return (int) Math.max(1, Math.min(60, (wait + 999) / 1000));
  }

  /** True while flushes keep landing: then a hot partition may hold past its cap. */
  boolean drainingWell() {
    return retryAtMillis == 0 && unknown == null && log.ready();
  }

  boolean hasUnknownCommit() {
    return unknown != null;
  }

  /**
   * Lowest log position of the events a commit of unknown outcome holds (out of their buffers until
   * it is settled), or {@code Long.MAX_VALUE}: the log keeps them until then.
   */
  long unknownFirstPosition() {
    Unknown u = unknown;
    if (u == null) {
      return Long.MAX_VALUE;
    }
    return logged(u.drained().stream().mapToLong(Drained::firstPosition));
  }

  /**
   * Lowest log position of the events the running flush took out of their buffers and has not
   * committed yet, or {@code Long.MAX_VALUE}: the log keeps them until they land or are back.
   */
  long inFlightFirstPosition() {
    return inFlightFirst;
  }

  private static long logged(java.util.stream.LongStream positions) {
    return positions.filter(p -> p > 0).min().orElse(Long.MAX_VALUE);
  }

  /** Since when the running flush runs, or 0 when none runs. */
  long runningSinceMillis() {
    return startedMillis;
  }
}
