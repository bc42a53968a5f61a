package dev.floe.http;

import dev.floe.config.IngestLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests and events per second per client: an ingest key's name, or the address when keys are
 * off. Token buckets with a burst of one second's allowance; at most {@link #MAX_CLIENTS} are
 * tracked, idle ones are dropped first, so a flood of addresses cannot grow the map.
 */
@ApplicationScoped
public class RateLimits {
  static final int MAX_CLIENTS = 100_000;

  @Inject IngestLimits limits;

  private final ConcurrentHashMap<String, Bucket> clients = new ConcurrentHashMap<>();

  public boolean enabled() {
    return limits.rateLimited();
  }

  /** 0 when {@code client} may send one more request, else seconds to wait. */
  public int request(String client) {
    return limits.requestsPerSecond() == 0
        ? 0
        : bucket(client).requests.take(1, limits.requestsPerSecond());
  }

  /** 0 when {@code client} may send {@code events} more events, else seconds to wait. */
  public int events(String client, int events) {
    return limits.eventsPerSecond() == 0
        ? 0
        : bucket(client).events.take(events, limits.eventsPerSecond());
  }

  /** Clients tracked now; never more than {@link #MAX_CLIENTS}. */
  int tracked() {
    return clients.size();
  }

  private Bucket bucket(String client) {
    Bucket b = clients.get(client);
    if (b == null) {
      if (clients.size() >= MAX_CLIENTS) {
        long idle = System.nanoTime() - 10_000_000_000L;
        clients.values().removeIf(x -> x.events.last < idle && x.requests.last < idle);
        if (clients.size() >= MAX_CLIENTS) {
          clients.clear(); // every client active: forgetting is fairer than refusing strangers
        }
      }
      b = clients.computeIfAbsent(client, c -> new Bucket());
    }
    return b;
  }

  private static final class Bucket {
    final Tokens requests = new Tokens();
    final Tokens events = new Tokens();
  }

  private static final class Tokens {
    private double tokens = Double.NaN;
    volatile long last = System.nanoTime();

    synchronized int take(int n, int perSecond) {
      long now = System.nanoTime();
      if (Double.isNaN(tokens)) {
        tokens = perSecond;
      }
      tokens = Math.min(perSecond, tokens + (now - last) * perSecond / 1e9);
      last = now;
      if (tokens >= n || (n > perSecond && tokens >= perSecond)) {
        tokens -= n; // a request larger than a second's allowance goes alone, then waits it off
        return 0;
      }
      return (int) Math.max(1, Math.ceil((Math.min(n, perSecond) - tokens) / perSecond));
    }
  }
}
