package dev.floe.buffer;

import dev.floe.buffer.BufferRefusedException.Reason;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The open partition buffers, by table and partition, with the count of buffers per event type that
 * the {@link OpenCaps} need. Opening and forgetting a buffer take one lock, so no two requests can
 * both take the last place under a cap; finding an open buffer, the common case, takes none.
 */
final class OpenBuffers {
  private final Map<BufferKey, PartitionBuffer> buffers = new ConcurrentHashMap<>();
  private final Map<String, Integer> typeCounts = new HashMap<>(); // guarded by itself
  private final Budget budget;
  private final Consumer<String> newType;

  OpenBuffers(Budget budget, Consumer<String> newType) {
    this.budget = budget;
    this.newType = newType;
  }

  /** A cap on opening buffers was reached; {@link OpenCaps#refusal} says so to the client. */
  static final class CapReachedException extends RuntimeException {
    final Reason reason;

    CapReachedException(Reason reason) {
      super(null, null, false, false);
      this.reason = reason;
    }
  }

  /**
   * The partition's buffer, opened when it has none, within {@code caps}: at a cap, buffers that
   * hold nothing are retired first (an empty buffer is not an open partition), then this throws.
   */
  PartitionBuffer open(BufferKey key, long nowMillis, OpenCaps caps) {
    PartitionBuffer b = buffers.get(key);
    if (b != null) {
      return b;
    }
    synchronized (typeCounts) {
      b = buffers.get(key);
      if (b != null) {
        return b;
      }
      if (over(key, caps) != null) {
        retireIdle(nowMillis, 0);
        Reason over = over(key, caps);
        if (over != null) {
          throw new CapReachedException(over);
        }
      }
      newType.accept(key.partition().type()); // a new type may get its own metric label
      b = new PartitionBuffer(key.table(), key.partition(), budget, nowMillis);
      buffers.put(key, b);
      typeCounts.merge(key.partition().type(), 1, Integer::sum);
      return b;
    }
  }

  private Reason over(BufferKey key, OpenCaps caps) {
    return caps.check(
        buffers.size(), typeCounts.size(), typeCounts.containsKey(key.partition().type()));
  }

  /** Forgets buffers that stayed empty and unreserved for {@code idleMillis}. */
  void retireIdle(long nowMillis, long idleMillis) {
    for (PartitionBuffer b : buffers.values()) {
      if (b.retireIfIdle(nowMillis, idleMillis)) {
        forget(b);
      }
    }
  }

  /** Removes a retired buffer and its count; a no-op when it was removed already. */
  void forget(PartitionBuffer b) {
    synchronized (typeCounts) {
      if (buffers.remove(new BufferKey(b.table, b.key), b)) {
        typeCounts.computeIfPresent(b.key.type(), (t, n) -> n == 1 ? null : n - 1);
      }
    }
  }

  Collection<PartitionBuffer> all() {
    return buffers.values();
  }

  int count() {
    return buffers.size();
  }

  /** Event types that have a buffer now. */
  int typeCount() {
    synchronized (typeCounts) {
      return typeCounts.size();
    }
  }
}
