package dev.floe.buffer;

import dev.floe.event.EventRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Client retries: an event whose CloudEvents {@code (source, id)} was accepted within the window is
 * not accepted again. The CloudEvents spec makes that pair unique per distinct event, so a second
 * copy is a retry (say, after a timeout that hid a 2xx). Used under the buffers' append lock, so a
 * check and the record of what passed it are one step.
 *
 * <p>Costs one map entry per event in the window (about 150 bytes plus the source and id), up to a
 * bound: past it the oldest entries are forgotten early (their window shortens), counted and
 * logged, so a long window at a high rate cannot take the heap the buffers' budget leaves.
 */
final class Dedup {
  private static final Logger LOG = Logger.getLogger(Dedup.class.getName());

  /** Heap one entry takes, roughly, with a typical source and id. */
  static final long ENTRY_BYTES = 200;

  private final long windowMillis;
  private final int maxEntries;
  private final Map<String, long[]> seen = new LinkedHashMap<>(); // key -> {expiry, position}
  private long forgottenEarly;

  Dedup(long windowMillis) {
    this(windowMillis, Integer.MAX_VALUE);
  }

  /**
   * @param maxEntries most events remembered at once; the oldest go first past it
   */
  Dedup(long windowMillis, int maxEntries) {
    this.windowMillis = windowMillis;
    this.maxEntries = maxEntries;
  }

  /** Retry dedup as the settings ask, or null when FLOE_DEDUP_WINDOW is 0 (off). */
  static Dedup of(dev.floe.config.FloeSettings.Buffers b) {
    return b.dedupWindowMillis() > 0
        ? new Dedup(b.dedupWindowMillis(), maxEntriesFor(b.maxBytes()))
        : null;
  }

  /** The bound for a node whose buffers may take {@code budgetBytes}: a quarter of that again. */
  static int maxEntriesFor(long budgetBytes) {
    return (int) Math.max(10_000, Math.min(Integer.MAX_VALUE, budgetBytes / 4 / ENTRY_BYTES));
  }

  /** Entries forgotten before their window ended, to stay under the bound. */
  synchronized long forgottenEarly() {
    return forgottenEarly;
  }

  /** The events of a request that were not seen, and the log position the seen ones have. */
  record Fresh(List<EventRecord> events, long seenPosition) {}

  synchronized Fresh filter(List<EventRecord> events, long nowMillis) {
    List<EventRecord> fresh = null;
    Set<String> inRequest = events.size() > 1 ? new HashSet<>() : null;
    long seenPosition = 0;
    for (int i = 0; i < events.size(); i++) {
      EventRecord e = events.get(i);
      String key = key(e);
      long[] entry = seen.get(key);
      boolean duplicate =
          (entry != null && entry[0] > nowMillis) || (inRequest != null && !inRequest.add(key));
      if (duplicate) {
        if (entry != null) {
          seenPosition = Math.max(seenPosition, entry[1]);
        }
        if (fresh == null) {
          fresh = new ArrayList<>(events.subList(0, i));
        }
      } else if (fresh != null) {
        fresh.add(e);
      }
    }
    return new Fresh(fresh == null ? events : fresh, seenPosition);
  }

  /** Records accepted events, logged at {@code position}, as seen from {@code atMillis} on. */
  synchronized void remember(List<EventRecord> events, long atMillis, long position) {
    long expiry = atMillis + windowMillis;
    for (EventRecord e : events) {
      String key = key(e);
      seen.remove(key); // to the end: the map stays in the order entries expire
      seen.put(key, new long[] {expiry, position});
    }
    if (seen.size() > maxEntries) {
      if (forgottenEarly == 0) {
        LOG.warning(
            "Retry dedup holds its maximum of "
                + maxEntries
                + " events (a quarter of FLOE_MAX_BUFFER_MB); the oldest are forgotten before"
                + " FLOE_DEDUP_WINDOW ends");
      }
      Iterator<long[]> oldest = seen.values().iterator();
      while (seen.size() > maxEntries) {
        oldest.next();
        oldest.remove();
        forgottenEarly++;
      }
    }
  }

  /** Forgets the events logged at {@code first} or later: a log failure voided those records. */
  synchronized void forgetFrom(long first) {
    seen.values().removeIf(v -> v[1] >= first);
  }

  synchronized void expire(long nowMillis) {
    seen.values().removeIf(v -> v[0] <= nowMillis);
  }

  private static String key(EventRecord e) {
    return e.source() + '\u0001' + e.id();
  }
}
