package dev.floe.cloudevents;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared copy of values that repeat from event to event (event types, sources, Cloudflare
 * facts): buffered events then hold references instead of copies. Bounded: when full it starts
 * afresh, so values chosen by clients cannot grow it.
 */
public final class Canonical<T> {
  private final int max;
  private final ConcurrentHashMap<T, T> values = new ConcurrentHashMap<>();

  public Canonical(int max) {
    this.max = max;
  }

  /** The shared copy of {@code value}, or {@code value} itself; null stays null. */
  public T of(T value) {
    if (value == null) {
      return null;
    }
    T known = values.get(value);
    if (known != null) {
      return known;
    }
    if (values.size() >= max) {
      values.clear();
    }
    T raced = values.putIfAbsent(value, value);
    return raced == null ? value : raced;
  }
}
