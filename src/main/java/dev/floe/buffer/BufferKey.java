package dev.floe.buffer;

import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What a buffer holds: one partition (event type x hour) of one table ({@code namespace.name}). Two
 * tables may each have a buffer for the same partition after a route change.
 */
record BufferKey(String table, PartitionKey partition) {

  /** The events of a request by table and partition, in first-seen order. */
  static Map<BufferKey, List<EventRecord>> group(
      List<EventRecord> events, IntFunction<String> tableAt) {
    if (events.size() == 1) {
      return Map.of(new BufferKey(tableAt.apply(0), PartitionKey.of(events.get(0))), events);
    }
    Map<BufferKey, List<EventRecord>> groups = new LinkedHashMap<>();
    for (int i = 0; i < events.size(); i++) {
      EventRecord e = events.get(i);
      groups
          .computeIfAbsent(
              new BufferKey(tableAt.apply(i), PartitionKey.of(e)), k -> new ArrayList<>())
          .add(e);
    }
    return groups;
  }
}
