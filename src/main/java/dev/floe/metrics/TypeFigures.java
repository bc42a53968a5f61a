package dev.floe.metrics;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Events accepted, buffered events and bytes per event type, with bounded cardinality: event types
 * are chosen by clients, so only the first {@link #MAX_TYPES} types seen get a label of their own
 * and every later type is counted under {@link #OTHER}. Figures are read at most every tenth of a
 * second, however many gauges ask.
 */
public final class TypeFigures {
  public static final int MAX_TYPES = 50;
  public static final String OTHER = "_other";
  public static final String EVENTS = "floe_type_buffered_events";
  public static final String BYTES = "floe_type_buffered_bytes";
  public static final String EVENTS_HELP = "events waiting for a flush, by event type";
  public static final String BYTES_HELP = "heap of the events waiting for a flush, by event type";
  public static final String ACCEPTED = "floe_type_accepted_events";
  public static final String ACCEPTED_HELP = "events answered 2xx, by event type";
  private static final long REFRESH_MILLIS = 100;

  /** Events waiting in the buffers of one type, and the heap they take as budgeted. */
  public record Figures(long events, long bytes) {
    public Figures plus(Figures o) {
      return new Figures(events + o.events, bytes + o.bytes);
    }
  }

  private final Set<String> labels = new LinkedHashSet<>();
  private final Map<String, FloeStats.Count> accepted = new ConcurrentHashMap<>();
  private Supplier<Map<String, Figures>> source = Map::of;
  private Consumer<String> onNewLabel = l -> {};
  private Map<String, Figures> latest = Map.of();
  private long latestAtMillis = 0;

  /** Sets where the figures come from: by event type, as the buffers hold them now. */
  public synchronized void source(Supplier<Map<String, Figures>> s) {
    source = s;
    latestAtMillis = 0;
  }

  /**
   * The label of an event type; the first time a type is seen it may get its own. New labels are
   * announced outside the lock: the hook registers gauges in a registry with locks of its own.
   */
  public String label(String type) {
    String label;
    Consumer<String> announce;
    synchronized (this) {
      if (labels.contains(type)) {
        return type;
      }
      label = labels.size() < MAX_TYPES - 1 ? type : OTHER;
      announce = labels.add(label) ? onNewLabel : null;
      accepted.computeIfAbsent(label, l -> new FloeStats.Count(ACCEPTED, ACCEPTED_HELP, l));
    }
    if (announce != null) {
      announce.accept(label);
    }
    return label;
  }

  /** Counts one accepted event of {@code type}; lock-free once the type has its label. */
  public void accepted(String type) {
    accepted(type, 1);
  }

  /**
   * Counts the accepted events of a batch by type, one increment per run of one type (a batch is
   * mostly of one type), not one per event.
   */
  public <T> void accepted(List<T> events, Function<T, String> typeOf) {
    String run = null;
    long n = 0;
    for (T e : events) {
      String type = typeOf.apply(e);
      if (!type.equals(run)) {
        if (run != null) {
          accepted(run, n);
        }
        run = type;
        n = 0;
      }
      n++;
    }
    if (run != null) {
      accepted(run, n);
    }
  }

  private void accepted(String type, long n) {
    FloeStats.Count c = accepted.get(type);
    if (c == null) {
      c = accepted.get(label(type));
    }
    c.inc(n);
  }

  /** The accepted-events count of a label (the label is in {@code reason}). */
  public FloeStats.Count acceptedCount(String label) {
    return accepted.get(label);
  }

  /** Events accepted so far, by label. */
  public Map<String, Long> acceptedByLabel() {
    Map<String, Long> out = new TreeMap<>();
    accepted.forEach((label, c) -> out.put(label, c.get()));
    return out;
  }

  /** Labels made so far, then every new one as it is made. */
  public synchronized void onNewLabel(Consumer<String> hook) {
    labels.forEach(hook);
    onNewLabel = hook;
  }

  /** Every label's figures (zero when it has nothing buffered), by label. */
  public Map<String, Figures> byLabel() {
    long now = System.currentTimeMillis();
    synchronized (this) {
      if (now - latestAtMillis < REFRESH_MILLIS && now >= latestAtMillis) {
        return latest;
      }
    }
    Map<String, Figures> out = new TreeMap<>();
    source().get().forEach((type, f) -> out.merge(label(type), f, Figures::plus));
    synchronized (this) {
      labels.forEach(l -> out.putIfAbsent(l, new Figures(0, 0)));
      latest = out;
      latestAtMillis = now;
    }
    return out;
  }

  private synchronized Supplier<Map<String, Figures>> source() {
    return source;
  }

  public long events(String label) {
    Figures f = byLabel().get(label);
    return f == null ? 0 : f.events();
  }

  public long bytes(String label) {
    Figures f = byLabel().get(label);
    return f == null ? 0 : f.bytes();
  }
}
