package dev.floe.objects;

import dev.floe.event.Columns;
import dev.floe.event.EventRecord;
import dev.floe.lake.PartitionPath;

/**
 * Where plain objects go: {@code <location>/type=<t>/year=/month=/day=/hour=/<name>.ndjson.gz} (or
 * {@code .parquet}), the same partition folders as the table's data files; and each node's
 * positions object, {@code <location>/_floe/positions/<node>.json}.
 */
final class ObjectNames {
  private ObjectNames() {}

  /** The object of a batch whose first event is {@code first}, named {@code name}. */
  static String object(String location, EventRecord first, String name, boolean parquet) {
    return location
        + "/"
        + PartitionPath.of(first.type(), Columns.utcHour(first.partitionTime()))
        + "/"
        + name
        + (parquet ? ".parquet" : ".ndjson.gz");
  }

  /** The object that records how far {@code node}'s log is in the objects. */
  static String positions(String location, String node) {
    return location + "/_floe/positions/" + PartitionPath.typeSegment(node) + ".json";
  }
}
