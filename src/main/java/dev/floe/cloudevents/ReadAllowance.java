package dev.floe.cloudevents;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory all request bodies being read at once may take, shared by every request: a body's
 * buffer grows only with bytes that arrived, each growth is taken from here, and the request gives
 * it back once its events are taken. A sender cannot make the server allocate what it only
 * declared.
 */
public final class ReadAllowance {
  /** No bound: for tests and tools. */
  public static final ReadAllowance UNBOUNDED = new ReadAllowance(Long.MAX_VALUE);

  private final long max;
  private final AtomicLong used = new AtomicLong();

  public ReadAllowance(long maxBytes) {
    this.max = maxBytes;
  }

  /** Takes {@code bytes}, or nothing and false when that would pass the bound. */
  boolean take(long bytes) {
    long now = used.addAndGet(bytes);
    if (now > max && now != bytes) { // one body larger than the bound still reads alone
      used.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  /** Gives back what a body held. */
  public void give(long bytes) {
    used.addAndGet(-bytes);
  }

  public long used() {
    return used.get();
  }
}
