package dev.floe.buffer;

import dev.floe.event.EventRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client retries: an event whose CloudEvents {@code (source, id)} was accepted within the window is
 * not accepted again. The CloudEvents spec makes that pair unique per distinct event, so a second
 * copy is a retry (say, after a timeout that hid a 2xx). Used under the buffers' append lock, so a
 * check and the record of what passed it are one step.
 *
 * <p>Costs one map entry per event in the window (about 150 bytes plus the source and id).
 */
final class Dedup {
  private final long windowMillis;
  private final Map<String, long[]> seen = new ConcurrentHashMap<>(); // key -> {expiry, position}

  Dedup(long windowMillis) {
    this.windowMillis = windowMillis;
  }

  /** The events of a request that were not seen, and the log position the seen ones have. */
  record Fresh(List<EventRecord> events, long seenPosition) {}

  Fresh filter(List<EventRecord> events, long nowMillis) {
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
  void remember(List<EventRecord> events, long atMillis, long position) {
    long expiry = atMillis + windowMillis;
    for (EventRecord e : events) {
      seen.put(key(e), new long[] {expiry, position});
    }
  }

  /** Forgets the events logged at {@code first} or later: a log failure voided those records. */
  void forgetFrom(long first) {
    seen.values().removeIf(v -> v[1] >= first);
  }

  void expire(long nowMillis) {
    seen.values().removeIf(v -> v[0] <= nowMillis);
  }

  private static String key(EventRecord e) {
    return e.source() + '\u0001' + e.id();
  }
}
