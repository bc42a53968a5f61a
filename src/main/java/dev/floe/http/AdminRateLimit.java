package dev.floe.http;

import dev.floe.config.AccessSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A token bucket for admin calls that change state: a burst of the per-minute allowance, refilled
 * evenly over the minute. One per node: the calls it guards (flushes, drops, maintenance) cost the
 * node, whoever asks.
 */
@ApplicationScoped
public class AdminRateLimit {
  @Inject AccessSettings access;

  private double tokens;
  private long lastNanos;
  private double perNano;
  private int max;

  @PostConstruct
  void start() {
    max = access.adminCallsPerMinute();
    tokens = max;
    perNano = max / 60e9;
    lastNanos = System.nanoTime();
  }

  /** 0 when the call may go ahead, else seconds until it may. */
  synchronized int tryAcquire() {
    long now = System.nanoTime();
    tokens = Math.min(max, tokens + (now - lastNanos) * perNano);
    lastNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (int) Math.max(1, Math.ceil((1 - tokens) / perNano / 1e9));
  }
}
