package dev.floe.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** One count split by a {@code reason} label, a label made as its reason first appears. */
public final class ByReason {
  private final String name;
  private final String help;
  private final Supplier<Consumer<FloeStats.Count>> onNew; // the exporters' hook, once set
  private final Map<String, FloeStats.Count> counts = new ConcurrentHashMap<>();

  ByReason(String name, String help, Supplier<Consumer<FloeStats.Count>> onNew) {
    this.name = name;
    this.help = help;
    this.onNew = onNew;
  }

  /** Adds {@code n} under {@code reason}, one of a small fixed set of codes. */
  public void inc(String reason, long n) {
    counts
        .computeIfAbsent(
            reason,
            r -> {
              FloeStats.Count c = new FloeStats.Count(name, help, r);
              Consumer<FloeStats.Count> hook = onNew.get();
              if (hook != null) {
                hook.accept(c);
              }
              return c;
            })
        .inc(n);
  }

  /** The counts so far, by reason. */
  public Map<String, Long> values() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  void each(Consumer<FloeStats.Count> c) {
    counts.values().forEach(c);
  }
}
