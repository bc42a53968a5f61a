package dev.floe.ingest;

import dev.floe.cloudevents.BatchOutcome;
import dev.floe.cloudevents.EventFormatException;
import dev.floe.config.IngestLimits;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Events whose own time lies far in the past or the future are refused: each distinct hour is a
 * partition, a Parquet file and a buffer, so a client must not be able to open thousands of them
 * with made-up times; nor may one request spread its events over more partitions than allowed.
 * Events without a time take the time they arrived, always inside.
 */
final class EventLimits {
  private EventLimits() {}

  static void check(List<EventRecord> events, IngestLimits limits, Instant now) {
    long earliest = now.toEpochMilli() - limits.eventMaxAgeMillis();
    long latest = now.toEpochMilli() + limits.eventMaxLeadMillis();
    for (int i = 0; i < events.size(); i++) {
      EventFormatException e = outside(events.get(i), earliest, latest);
      if (e != null) {
        throw events.size() > 1 ? e.at(i) : e;
      }
    }
    if (events.size() > limits.maxRequestPartitions()) {
      Set<PartitionKey> seen = new HashSet<>();
      for (int i = 0; i < events.size(); i++) {
        if (seen.add(PartitionKey.of(events.get(i)))
            && seen.size() > limits.maxRequestPartitions()) {
          throw tooManyPartitions(limits).at(i);
        }
      }
    }
  }

  /**
   * The same limits for a batch read per index: an event outside the time window is refused on its
   * own, and so is every event that would open a partition past the request's limit (the events of
   * the first partitions met are kept).
   */
  static void refuseEach(BatchOutcome batch, IngestLimits limits, Instant now) {
    long earliest = now.toEpochMilli() - limits.eventMaxAgeMillis();
    long latest = now.toEpochMilli() + limits.eventMaxLeadMillis();
    batch.refuseWhere(e -> outside(e, earliest, latest));
    if (batch.accepted().size() > limits.maxRequestPartitions()) {
      Set<PartitionKey> seen = new HashSet<>();
      batch.refuseWhere(
          e -> {
            PartitionKey key = PartitionKey.of(e);
            if (seen.contains(key) || seen.size() < limits.maxRequestPartitions()) {
              seen.add(key);
              return null;
            }
            return tooManyPartitions(limits);
          });
    }
  }

  private static EventFormatException outside(EventRecord event, long earliest, long latest) {
    Instant t = event.time();
    if (t == null) {
      return null;
    }
    long ms = t.getEpochSecond() * 1000 + t.getNano() / 1_000_000;
    if (t.getEpochSecond() < earliest / 1000 - 1 || ms < earliest || ms > latest) {
      return EventFormatException.invalidEvent(
          "time "
              + t
              + " is outside the accepted window from "
              + Instant.ofEpochMilli(earliest)
              + " to "
              + Instant.ofEpochMilli(latest)
              + " (FLOE_EVENT_MAX_AGE, FLOE_EVENT_MAX_LEAD)");
    }
    return null;
  }

  private static EventFormatException tooManyPartitions(IngestLimits limits) {
    return EventFormatException.invalidEvent(
        "the request spreads its events over more than "
            + limits.maxRequestPartitions()
            + " partitions (type x hour; FLOE_MAX_REQUEST_PARTITIONS)");
  }
}
