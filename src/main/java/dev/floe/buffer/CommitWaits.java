package dev.floe.buffer;

import dev.floe.buffer.PartitionBuffer.Drained;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Requests waiting for the commit that holds their events ({@code FLOE_ACK=commit}). Keeps, per
 * partition of each table, the highest log position a landed commit took from it: a partition's
 * events enter its buffer in log order and flushes run one at a time, each draining the whole
 * buffer, so once a commit holding position {@code p} of a partition landed, every event of that
 * partition logged at {@code p} or before is in the table. A request is answered when that holds
 * for its position in every partition its events fall into, whether the commit landed before or
 * after it asked. Thread-safe.
 */
final class CommitWaits {
  /** How long a partition's mark is kept after its last commit; a request asks at once. */
  static final long MARK_KEEP_MILLIS = 10 * 60_000;

  private record Mark(long position, long atMillis) {}

  private record Waiter(long position, Set<BufferKey> keys, CompletableFuture<Void> done) {}

  private final Map<BufferKey, Mark> marks = new HashMap<>();
  private final List<Waiter> waiting = new ArrayList<>();
  private long floor; // every position up to it was in the table before this process started
  private boolean closed;
  private final Function<EventRecord, String> tableOf;

  /** Waits of a node with one table. */
  CommitWaits() {
    this(type -> "");
  }

  /** Waits of events each in the table {@code tableOf} names for it ({@code FLOE_ROUTES}). */
  CommitWaits(Function<EventRecord, String> tableOf) {
    this.tableOf = tableOf;
  }

  /**
   * Every log position up to {@code position} is in the table (the log's checkpoint from before a
   * restart): a retried event's first copy logged there needs no commit of this process.
   */
  synchronized void committedThrough(long position) {
    floor = Math.max(floor, position);
  }

  /**
   * A future completed once every one of {@code events} logged at {@code position} is in a
   * committed snapshot; completed exceptionally when the buffers stop before that.
   */
  synchronized CompletableFuture<Void> await(long position, List<EventRecord> events) {
    Set<BufferKey> keys = new HashSet<>();
    for (EventRecord e : events) {
      keys.add(new BufferKey(tableOf.apply(e), PartitionKey.of(e)));
    }
    Waiter w = new Waiter(position, keys, new CompletableFuture<>());
    if (closed) {
      w.done().completeExceptionally(new IllegalStateException("the buffers stopped"));
    } else if (!settle(w)) {
      waiting.add(w);
    }
    return w.done();
  }

  /** The commit of {@code drained} landed: answers every request it completes. */
  void committed(List<Drained> drained) {
    long now = System.currentTimeMillis();
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    synchronized (this) {
      for (Drained d : drained) {
        long last = d.lastPosition();
        marks.merge(
            new BufferKey(d.from().table, d.from().key),
            new Mark(last, now),
            (a, b) -> new Mark(Math.max(a.position(), b.position()), now));
      }
      for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.done().isDone() || covered(w)) {
          it.remove();
          ready.add(w.done());
        }
      }
    }
    ready.forEach(f -> f.complete(null)); // outside the monitor: answering runs the callers' code
  }

  /** Forgets marks no request can still need, and requests that stopped waiting (timed out). */
  synchronized void expire(long nowMillis) {
    marks.values().removeIf(m -> nowMillis - m.atMillis() > MARK_KEEP_MILLIS);
    waiting.removeIf(w -> w.done().isDone());
  }

  /** Partitions whose last commit is remembered: those committed within the keep time. */
  synchronized int marks() {
    return marks.size();
  }

  /** Requests still waiting. */
  synchronized int waiting() {
    waiting.removeIf(w -> w.done().isDone());
    return waiting.size();
  }

  /** The buffers stop: whoever still waits is told their events are not known to be committed. */
  void close() {
    List<Waiter> left;
    synchronized (this) {
      closed = true;
      left = new ArrayList<>(waiting);
      waiting.clear();
    }
    IllegalStateException stopped = new IllegalStateException("the buffers stopped");
    left.forEach(w -> w.done().completeExceptionally(stopped));
  }

  private boolean settle(Waiter w) {
    if (covered(w)) {
      w.done().complete(null);
      return true;
    }
    return false;
  }

  private boolean covered(Waiter w) {
    if (w.position() <= floor) {
      return true;
    }
    for (BufferKey k : w.keys()) {
      Mark m = marks.get(k);
      if (m == null || m.position() < w.position()) {
        return false;
      }
    }
    return true;
  }
}
