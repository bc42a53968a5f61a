package dev.floe.buffer;

/**
 * Room held for events from their accept until their commit: slots in one partition's buffer and
 * bytes of the memory budget, given back together and once. It travels with the events: from the
 * accept into the buffer, from the buffer into a flush, back into the buffer when the flush fails,
 * and it is released when their commit landed (or they turn out to be in the table already).
 *
 * <p>Not thread-safe: a buffer's reservation is touched under the buffer's monitor only, any other
 * belongs to the one thread that accepts or flushes its events.
 */
final class Reservation {
  private final PartitionBuffer buffer;
  private final Budget budget;
  private int slots;
  private long bytes;
  private boolean released;
  private boolean flying; // its events were taken by a flush

  Reservation(PartitionBuffer buffer, Budget budget, int slots, long bytes) {
    this.buffer = buffer;
    this.budget = budget;
    this.slots = slots;
    this.bytes = bytes;
  }

  int slots() {
    return slots;
  }

  long bytes() {
    return bytes;
  }

  /** Takes over the room of {@code other}, which is left holding none. */
  void absorb(Reservation other) {
    if (other.buffer != buffer || released || other.released) {
      throw new IllegalStateException("a reservation moves only within its open partition");
    }
    slots += other.slots;
    bytes += other.bytes;
    other.slots = 0;
    other.bytes = 0;
  }

  /** Moves {@code n} slots and {@code b} bytes of this room into a reservation of their own. */
  Reservation split(int n, long b) {
    if (released || n > slots || b > bytes) {
      throw new IllegalStateException("cannot split " + n + " of " + slots + " slots");
    }
    slots -= n;
    bytes -= b;
    return new Reservation(buffer, budget, n, b);
  }

  /** Its events were taken by a flush: they no longer count as waiting in their buffer. */
  void fly() {
    flying = true;
  }

  /** Its events are back in their buffer (the flush failed). */
  void land() {
    flying = false;
  }

  /** Gives the room back to the buffer and the budget; only the first call does anything. */
  boolean release() {
    if (released) {
      return false;
    }
    released = true;
    buffer.release(slots, flying);
    budget.release(bytes);
    slots = 0;
    bytes = 0;
    return true;
  }
}
