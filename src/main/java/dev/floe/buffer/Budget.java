package dev.floe.buffer;

import dev.floe.event.EventRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The memory budget shared by all buffers: bytes are reserved on accept, released on commit. */
final class Budget {
  private final long maxBytes;
  private final AtomicLong used = new AtomicLong();

  Budget(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  boolean tryReserve(long bytes) {
    long now = used.addAndGet(bytes);
    if (now > maxBytes && now != bytes) { // one request larger than the budget still fits alone
      used.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  /** Takes bytes past the limit if need be: replayed events must come back whatever it says. */
  void forceReserve(long bytes) {
    used.addAndGet(bytes);
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  long max() {
    return maxBytes;
  }

  long used() {
    return used.get();
  }

  /** Past half the budget buffers flush early, whatever their size or age. */
  boolean underPressure() {
    return used.get() > maxBytes / 2;
  }

  static long bytesOf(List<EventRecord> events) {
    long sum = 0;
    for (EventRecord e : events) {
      sum += e.estimatedBytes();
    }
    return sum;
  }
}
