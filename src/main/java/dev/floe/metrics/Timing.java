package dev.floe.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Durations of one kind of operation: how many, how long in all, the longest, and how many fell at
 * or under each of a fixed set of bounds, so Prometheus can compute quantiles across nodes ({@code
 * histogram_quantile}) where a summary's figures cannot be added up.
 */
public final class Timing {
  /**
   * Upper bounds in seconds, one set for every timing: a forced log write takes tenths of a
   * millisecond, a flush to a remote store seconds.
   */
  public static final double[] BOUNDS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    30, 60
  };

  public final String name;
  public final String help;
  private final LongAdder count = new LongAdder();
  private final LongAdder totalNanos = new LongAdder();
  private final LongAdder[] buckets = new LongAdder[BOUNDS.length];
  private volatile long maxNanos;
  private volatile Consumer<Duration> sink;

  Timing(String name, String help) {
    this.name = name;
    this.help = help;
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  public void record(long nanos) {
    count.increment();
    totalNanos.add(nanos);
    if (nanos > maxNanos) {
      maxNanos = nanos;
    }
    double seconds = nanos / 1e9;
    for (int i = 0; i < BOUNDS.length; i++) {
      if (seconds <= BOUNDS[i]) {
        buckets[i].increment(); // only the first bound that holds it: cumulated when read
        break;
      }
    }
    Consumer<Duration> s = sink;
    if (s != null) {
      s.accept(Duration.ofNanos(nanos));
    }
  }

  public long count() {
    return count.sum();
  }

  public double totalSeconds() {
    return totalNanos.sum() / 1e9;
  }

  public double meanSeconds() {
    long n = count();
    return n == 0 ? 0 : totalNanos.sum() / 1e9 / n;
  }

  public double maxSeconds() {
    return maxNanos / 1e9;
  }

  /** For each of {@link #BOUNDS}, how many durations were at most that long (cumulative). */
  public long[] cumulativeBuckets() {
    long[] out = new long[BOUNDS.length];
    long running = 0;
    for (int i = 0; i < BOUNDS.length; i++) {
      running += buckets[i].sum();
      out[i] = running;
    }
    return out;
  }

  public void attach(Consumer<Duration> s) {
    sink = s;
  }
}
