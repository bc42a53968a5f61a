package dev.floe.ingest;

import dev.floe.cloudevents.EventFormatException;
import dev.floe.config.IngestLimits;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import java.time.Instant;
import java.util.List;

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
      Instant t = events.get(i).time();
      if (t == null) {
        continue;
      }
      long ms = t.getEpochSecond() * 1000 + t.getNano() / 1_000_000;
      if (t.getEpochSecond() < earliest / 1000 - 1 || ms < earliest || ms > latest) {
        EventFormatException e =
            EventFormatException.invalidEvent(
                "time "
                    + t
                    + " is outside the accepted window from "
                    + Instant.ofEpochMilli(earliest)
                    + " to "
                    + Instant.ofEpochMilli(latest)
                    + " (FLOE_EVENT_MAX_AGE, FLOE_EVENT_MAX_LEAD)");
        throw events.size() > 1 ? e.at(i) : e;
      }
    }
    if (events.size() > limits.maxRequestPartitions()) {
      java.util.Set<PartitionKey> seen = new java.util.HashSet<>();
      for (int i = 0; i < events.size(); i++) {
        if (seen.add(PartitionKey.of(events.get(i)))
            && seen.size() > limits.maxRequestPartitions()) {
          throw EventFormatException.invalidEvent(
                  "the request spreads its events over more than "
                      + limits.maxRequestPartitions()
                      + " partitions (type x hour; FLOE_MAX_REQUEST_PARTITIONS)")
              .at(i);
        }
      }
    }
  }
}
