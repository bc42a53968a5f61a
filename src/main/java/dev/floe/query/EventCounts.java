package dev.floe.query;

import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Event counts per type and hour (or day) from the manifests alone: each data file's record count
 * and partition values, no Parquet read. Rows removed by delete files, which Floe never writes, are
 * not subtracted. Buffered counts come from this node's buffers, taken in the same moment as the
 * snapshot, so no event is counted on both sides.
 */
final class EventCounts {
  private EventCounts() {}

  /** One group: its type (null unless grouped by type) and start hour or day (null unless). */
  record Group(String type, Instant start, long committed, long buffered) {}

  /** How to group: by type, and by hour or day (or neither). */
  record GroupBy(boolean type, int hours) {

    static GroupBy parse(String value) {
      List<String> parts = QueryRequest.list(value == null ? "type,hour" : value);
      boolean type = false;
      int hours = 0;
      for (String p : parts) {
        switch (p) {
          case "type" -> type = true;
          case "hour" -> hours = 1;
          case "day" -> hours = 24;
          default ->
              throw new BadParameterException(
                  "group_by", "'group_by' takes type, hour or day, not '" + p + "'");
        }
      }
      return new GroupBy(type, hours);
    }

    String key(String type, long epochHour) {
      String t = this.type ? type : "";
      long h = hours == 0 || epochHour == Long.MIN_VALUE ? 0 : Math.floorDiv(epochHour, hours);
      return t + "\u0000" + String.format("%012d", h + 1_000_000_000L);
    }

    Instant start(long epochHour) {
      if (hours == 0 || epochHour == Long.MIN_VALUE) {
        return null;
      }
      return Instant.ofEpochSecond(Math.floorDiv(epochHour, hours) * hours * 3600L);
    }
  }

  /** The counts of the snapshot's files and the buffered events, per group, in key order. */
  static Counted count(
      Table table,
      Long snapshotId,
      Map<PartitionKey, List<EventRecord>> buffered,
      List<String> types,
      Instant from,
      Instant to,
      GroupBy by) {
    Map<String, long[]> sums = new TreeMap<>();
    Map<String, Group> names = new TreeMap<>();
    int files = 0;
    if (snapshotId != null) {
      try (CloseableIterable<FileScanTask> tasks =
          table
              .newScan()
              .useSnapshot(snapshotId)
              .filter(QueryFilter.partitions(types, from, to))
              .ignoreResiduals()
              .planFiles()) {
        for (FileScanTask t : tasks) {
          files++;
          StructLike p = t.file().partition();
          String type = p.get(typeAt(t), String.class);
          add(sums, names, by, type, QueryPlan.epochHour(t), t.file().recordCount(), 0);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    buffered.forEach(
        (k, events) -> add(sums, names, by, k.type(), k.epochHour(), 0, events.size()));
    List<Group> groups = new ArrayList<>();
    sums.forEach(
        (key, s) -> {
          Group n = names.get(key);
          groups.add(new Group(n.type(), n.start(), s[0], s[1]));
        });
    return new Counted(snapshotId, files, groups);
  }

  /** The answer: the snapshot counted, how many data files it took, and the groups. */
  record Counted(Long snapshotId, int files, List<Group> groups) {}

  private static int typeAt(FileScanTask t) {
    for (int i = 0; i < t.spec().fields().size(); i++) {
      if (t.spec().fields().get(i).name().equals("type")) {
        return i;
      }
    }
    throw new IllegalStateException("the table is not partitioned by type");
  }

  private static void add(
      Map<String, long[]> sums,
      Map<String, Group> names,
      GroupBy by,
      String type,
      long epochHour,
      long committed,
      long buffered) {
    String key = by.key(type, epochHour);
    long[] s = sums.computeIfAbsent(key, k -> new long[2]);
    s[0] += committed;
    s[1] += buffered;
    names.computeIfAbsent(key, k -> new Group(by.type() ? type : null, by.start(epochHour), 0, 0));
  }
}
