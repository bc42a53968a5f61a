package dev.floe.buffer;

import dev.floe.buffer.BufferRefusedException.Reason;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Every partition buffer, the memory budget they share, and the append lock. Room is taken here
 * (all or nothing per request) and given back through the {@link Reservation}s it hands out. "Log
 * order is buffer order" holds here: a request's log record is written and its events are appended
 * in one step under the append lock, and whoever asks which logged record is the oldest still
 * buffered asks under the same lock.
 */
final class Partitions {
  private final OpenBuffers buffers;
  private final ReentrantLock appendLock = new ReentrantLock();
  private final Budget budget;
  private final ToIntFunction<String> capOf; // per table
  private final BooleanSupplier draining;
  private volatile OpenCaps caps = OpenCaps.NONE;

  /**
   * @param cap most events waiting in a partition ({@code ICEBERG_MAX_BUFFER_SIZE}) unless its
   *     flushes keep landing
   * @param newType told of each partition's event type when its buffer is made (metric labels)
   * @param draining true while flushes keep landing (none failing, none of unknown outcome, the log
   *     reconciled): then a partition may hold past the cap, up to a quarter of the budget, so a
   *     hot partition is not refused while storage keeps up; 507 stays for one that cannot drain
   */
  Partitions(Budget budget, int cap, Consumer<String> newType, BooleanSupplier draining) {
    this(budget, t -> cap, newType, draining);
  }

  /** With the cap of each table ({@code max_size} of its route). */
  Partitions(
      Budget budget,
      ToIntFunction<String> capOf,
      Consumer<String> newType,
      BooleanSupplier draining) {
    this.budget = budget;
    this.capOf = capOf;
    this.buffers = new OpenBuffers(budget, newType);
    this.draining = draining;
  }

  Partitions(Budget budget, int cap, Consumer<String> newType) {
    this(budget, cap, newType, () -> false);
  }

  /** Sets the caps on open partitions and event types that new requests must keep within. */
  void cap(OpenCaps caps) {
    this.caps = caps;
  }

  /** A step on the log that no append may interleave with. */
  interface Exclusive {
    void run() throws IOException;
  }

  /** Runs {@code step} under the append lock: no request is logged or buffered meanwhile. */
  void exclusive(Exclusive step) throws IOException {
    appendLock.lock();
    try {
      step.run();
    } finally {
      appendLock.unlock();
    }
  }

  /** Writes an admitted request to the log and returns its position (0: not logged). */
  interface LogStep {
    long write(Admission admission) throws IOException;
  }

  /**
   * Takes room for all of a request's events or none: bytes of the budget, then slots in each
   * partition they fall into, of the table {@code tableAt} names for each event's index.
   */
  Admission admit(
      List<EventRecord> events, IntFunction<String> tableAt, IntSupplier retryAfterSeconds)
      throws BufferRefusedException {
    Map<BufferKey, List<EventRecord>> byKey = BufferKey.group(events, tableAt);
    List<List<EventRecord>> groups = new ArrayList<>(byKey.values());
    long[] bytes = new long[groups.size()];
    long total = 0;
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = Budget.bytesOf(groups.get(i));
      total += bytes[i];
    }
    if (!budget.tryReserve(total)) {
      throw new BufferRefusedException(
          Reason.BUDGET_EXHAUSTED,
          "the buffer memory budget is exhausted",
          null,
          retryAfterSeconds.getAsInt());
    }
    List<PartitionBuffer> to = new ArrayList<>(groups.size());
    List<Reservation> rooms = new ArrayList<>(groups.size());
    int i = 0;
    for (BufferKey key : byKey.keySet()) {
      PartitionBuffer buffer;
      try {
        buffer = slotsIn(key, groups.get(i).size(), bytes[i]);
      } catch (BufferRefusedException e) {
        giveBack(rooms, total);
        throw e;
      }
      if (buffer == null) {
        giveBack(rooms, total);
        throw new BufferRefusedException(
            Reason.PARTITION_FULL,
            "Partition "
                + key.partition()
                + " holds its maximum of "
                + capOf.applyAsInt(key.table())
                + " events; retry later",
            key.partition().toString(),
            retryAfterSeconds.getAsInt());
      }
      to.add(buffer);
      rooms.add(new Reservation(buffer, budget, groups.get(i).size(), bytes[i]));
      i++;
    }
    return new Admission(events, to, groups, rooms);
  }

  /** Releases a refused request's rooms, and the budget of the groups that got none yet. */
  private void giveBack(List<Reservation> rooms, long total) {
    long taken = rooms.stream().mapToLong(Reservation::bytes).sum();
    rooms.forEach(Reservation::release);
    budget.release(total - taken);
  }

  /**
   * Writes the request to the log and appends its events to their buffers, as one step under the
   * append lock: the log's order is the buffers' order. Returns the log position.
   */
  long append(Admission admission, long nowMillis, LogStep log) throws IOException {
    appendLock.lock();
    try {
      long position = log.write(admission);
      admission.appendAt(position, nowMillis);
      return position;
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * Puts back the events of a replayed log record, each into the table it was logged for, past any
   * cap: they were accepted once.
   */
  void replay(
      List<EventRecord> events, IntFunction<String> tableAt, long position, long nowMillis) {
    appendLock.lock();
    try {
      for (Map.Entry<BufferKey, List<EventRecord>> g :
          BufferKey.group(events, tableAt).entrySet()) {
        PartitionBuffer b =
            buffers.open(g.getKey(), nowMillis, OpenCaps.NONE); // logged: never refused
        int n = g.getValue().size();
        long bytes = Budget.bytesOf(g.getValue());
        b.tryReserve(n, Integer.MAX_VALUE);
        budget.forceReserve(bytes);
        b.append(g.getValue(), nowMillis, position, new Reservation(b, budget, n, bytes));
      }
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * Drops, from the front of each buffer, the events whose log position the table already holds
   * ({@code committed} answers per partition key and position), and releases their room; returns
   * how many.
   */
  int dropCommitted(String table, java.util.function.BiPredicate<String, Long> committed) {
    int dropped = 0;
    for (PartitionBuffer b : of(table)) {
      String partition = b.key.toString();
      Reservation gone = b.dropWhile(p -> p > 0 && committed.test(partition, p));
      dropped += gone.slots();
      gone.release();
    }
    return dropped;
  }

  /**
   * Drops the events of every log record at {@code first} or later (voided by a log failure: their
   * requests were refused) and releases their room; returns how many.
   */
  int dropVoided(long first) {
    appendLock.lock();
    try {
      int dropped = 0;
      for (PartitionBuffer b : buffers.all()) {
        Reservation gone = b.dropFrom(first);
        dropped += gone.slots();
        gone.release();
      }
      return dropped;
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * The lowest of {@code next} (the log's next position) and the first position in every buffer,
   * taken under the append lock, so no record is between the log and its buffer.
   */
  long oldestBuffered(String table, LongSupplier next) {
    appendLock.lock();
    try {
      long oldest = next.getAsLong();
      for (PartitionBuffer b : of(table)) {
        oldest = Math.min(oldest, b.firstPosition());
      }
      return oldest;
    } finally {
      appendLock.unlock();
    }
  }

  Collection<PartitionBuffer> all() {
    return buffers.all();
  }

  List<PartitionBuffer> select(Predicate<PartitionKey> which) {
    return buffers.all().stream().filter(b -> which.test(b.key)).toList();
  }

  /** The buffers of {@code table}; every buffer when it is null. */
  List<PartitionBuffer> of(String table) {
    return table == null
        ? List.copyOf(buffers.all())
        : buffers.all().stream().filter(b -> b.table.equals(table)).toList();
  }

  /** Forgets buffers that stayed empty and unreserved for {@code idleMillis}. */
  void retireIdle(long nowMillis, long idleMillis) {
    buffers.retireIdle(nowMillis, idleMillis);
  }

  /** Event types that have a buffer now. */
  int typeCount() {
    return buffers.typeCount();
  }

  /** Events buffered or in flight, over all partitions. */
  long pendingEvents() {
    return buffers.all().stream().mapToLong(PartitionBuffer::reserved).sum();
  }

  int count() {
    return buffers.count();
  }

  Budget budget() {
    return budget;
  }

  /** Reserves slots in the partition's buffer, or returns null when the cap would be passed. */
  private PartitionBuffer slotsIn(BufferKey key, int n, long bytes) throws BufferRefusedException {
    long now = System.currentTimeMillis();
    long beyondCap = draining.getAsBoolean() ? budget.max() / 4 : -1;
    OpenCaps limits = caps;
    while (true) {
      PartitionBuffer buffer;
      try {
        buffer = buffers.open(key, now, limits);
      } catch (OpenBuffers.CapReachedException e) {
        throw limits.refusal(e.reason, key.partition());
      }
      if (buffer.tryReserve(n, capOf.applyAsInt(key.table()), bytes, beyondCap)) {
        return buffer;
      }
      if (!buffer.isRetired()) {
        return null;
      }
      buffers.forget(buffer); // retired between lookup and reserve: take a fresh one
    }
  }
}
