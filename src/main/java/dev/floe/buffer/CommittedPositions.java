package dev.floe.buffer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far one node's log is in the table, as each commit records it in its snapshot summary: {@code
 * floe.wal.<node>.position} = W, every record at or below W is committed; and {@code
 * floe.wal.<node>.partitions} = the partitions that are further along, each with the highest
 * position committed in it. Records of one partition reach the table in position order, so a record
 * of partition P at position p is in the table exactly when {@code p <= W} or {@code p <=
 * partitions[P]}.
 */
public record CommittedPositions(long watermark, Map<String, Long> partitions) {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final CommittedPositions NONE = new CommittedPositions(0, Map.of());

  public CommittedPositions {
    partitions = Map.copyOf(partitions);
  }

  public static String positionKey(String node) {
    return "floe.wal." + node + ".position";
  }

  public static String partitionsKey(String node) {
    return "floe.wal." + node + ".partitions";
  }

  /** True when the record of {@code partition} at {@code position} is already in the table. */
  public boolean holds(String partition, long position) {
    return position <= watermark || position <= partitions.getOrDefault(partition, 0L);
  }

  /**
   * The positions once a commit lands that brings each partition in {@code committed} up to its
   * position, when nothing at or below {@code watermark} is left uncommitted.
   */
  public CommittedPositions advance(long newWatermark, Map<String, Long> committed) {
    long w = Math.max(watermark, newWatermark);
    Map<String, Long> merged = new TreeMap<>();
    partitions.forEach((k, v) -> merge(merged, k, v, w));
    committed.forEach((k, v) -> merge(merged, k, v, w));
    return new CommittedPositions(w, merged);
  }

  private static void merge(Map<String, Long> into, String k, long v, long w) {
    if (v > w) {
      into.merge(k, v, Math::max);
    }
  }

  /** The summary entries of a commit that leaves this node at these positions. */
  public Map<String, String> summary(String node) {
    Map<String, String> out = new HashMap<>();
    out.put(positionKey(node), Long.toString(watermark));
    try {
      out.put(partitionsKey(node), JSON.writeValueAsString(new TreeMap<>(partitions)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** The positions a snapshot summary records for the node, or null when it records none. */
  public static CommittedPositions fromSummary(String node, Map<String, String> summary) {
    String w = summary.get(positionKey(node));
    if (w == null) {
      return null;
    }
    Map<String, Long> partitions = Map.of();
    String p = summary.get(partitionsKey(node));
    if (p != null && !p.isEmpty()) {
      try {
        partitions = JSON.readValue(p, new TypeReference<Map<String, Long>>() {});
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("unreadable " + partitionsKey(node) + " in the table", e);
      }
    }
    return new CommittedPositions(Long.parseLong(w), partitions);
  }

  /** The node's newest positions in the table: the first snapshot, newest first, that has them. */
  public static CommittedPositions inTable(String node, org.apache.iceberg.Table table) {
    return latest(node, table.currentSnapshot(), table::snapshot);
  }

  /** The same, in table metadata (the base a commit is applied to). */
  public static CommittedPositions inMetadata(String node, org.apache.iceberg.TableMetadata base) {
    return base == null ? NONE : latest(node, base.currentSnapshot(), base::snapshot);
  }

  private static CommittedPositions latest(
      String node,
      org.apache.iceberg.Snapshot current,
      java.util.function.LongFunction<org.apache.iceberg.Snapshot> byId) {
    for (org.apache.iceberg.Snapshot s = current; s != null; ) {
      CommittedPositions found = fromSummary(node, s.summary());
      if (found != null) {
        return found;
      }
      s = s.parentId() == null ? null : byId.apply(s.parentId());
    }
    return NONE;
  }
}
