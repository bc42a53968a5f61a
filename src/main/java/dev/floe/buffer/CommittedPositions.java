package dev.floe.buffer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.wal.LogIdentity;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;

/**
 * How far one node's log is in the table: {@code floe.wal.<node>.position} = W, every record at or
 * below W is committed; {@code floe.wal.<node>.partitions} = the partitions that are further along,
 * each with the highest position committed in it; {@code floe.wal.<node>.log-id} = the log those
 * positions count in. Records of one partition reach the table in position order, so a record of
 * partition P at position p is in the table exactly when {@code p <= W} or {@code p <=
 * partitions[P]}.
 *
 * <p>Each commit writes these entries into the table properties, in the same atomic commit as its
 * append, and into its snapshot summary. The properties survive snapshot expiry and snapshots made
 * by other tools (a compaction that carries none of Floe's keys); the summaries are the history,
 * and what tables written by older Floe hold. Reading takes the properties first, then walks the
 * snapshot ancestry.
 */
public record CommittedPositions(long watermark, Map<String, Long> partitions, String logId) {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final CommittedPositions NONE = new CommittedPositions(0, Map.of(), null);

  public CommittedPositions {
    partitions = Map.copyOf(partitions);
  }

  /** Positions that name no log (as older Floe wrote them). */
  public CommittedPositions(long watermark, Map<String, Long> partitions) {
    this(watermark, partitions, null);
  }

  public static String positionKey(String node) {
    return "floe.wal." + node + ".position";
  }

  public static String partitionsKey(String node) {
    return "floe.wal." + node + ".partitions";
  }

  public static String logIdKey(String node) {
    return "floe.wal." + node + ".log-id";
  }

  /** True when the record of {@code partition} at {@code position} is already in the table. */
  public boolean holds(String partition, long position) {
    return position <= watermark || position <= partitions.getOrDefault(partition, 0L);
  }

  /** True when the table holds nothing for the node. */
  public boolean isEmpty() {
    return watermark == 0 && partitions.isEmpty() && logId == null;
  }

  /**
   * The positions that say which records of {@code log} are in the table: these, when they count in
   * that log (or name no log and the log predates log ids); else none, since a new log's positions
   * start again at 1 and the table's are another log's. Either way they name {@code log} from now
   * on.
   */
  public CommittedPositions forLog(LogIdentity log) {
    if (log.id().equals(logId) || (logId == null && log.predatesIds())) {
      return new CommittedPositions(watermark, partitions, log.id());
    }
    return new CommittedPositions(0, Map.of(), log.id());
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
    return new CommittedPositions(w, merged, logId);
  }

  private static void merge(Map<String, Long> into, String k, long v, long w) {
    if (v > w) {
      into.merge(k, v, Math::max);
    }
  }

  /** The entries of a commit that leaves this node at these positions (summary and properties). */
  public Map<String, String> summary(String node) {
    Map<String, String> out = new HashMap<>();
    out.put(positionKey(node), Long.toString(watermark));
    try {
      out.put(partitionsKey(node), JSON.writeValueAsString(new TreeMap<>(partitions)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    if (logId != null) {
      out.put(logIdKey(node), logId);
    }
    return out;
  }

  /**
   * The positions that entries (a snapshot summary or the table properties) record for the node, or
   * null when they record none.
   */
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
    return new CommittedPositions(Long.parseLong(w), partitions, summary.get(logIdKey(node)));
  }

  /** The node's newest positions in the table: its properties, else the newest snapshot's. */
  public static CommittedPositions inTable(String node, Table table) {
    return latest(node, table.properties(), table.currentSnapshot(), table::snapshot);
  }

  /** The same, in table metadata (the base a commit is applied to). */
  public static CommittedPositions inMetadata(String node, TableMetadata base) {
    return base == null
        ? NONE
        : latest(node, base.properties(), base.currentSnapshot(), base::snapshot);
  }

  /**
   * The node's newest positions in what a sink holds: its current entries, else the newest older
   * commit's that has any; {@link #NONE} when {@code recorded} is null or holds none.
   */
  public static CommittedPositions in(String node, dev.floe.lake.FlushSink.Recorded recorded) {
    if (recorded == null) {
      return NONE;
    }
    CommittedPositions current = fromSummary(node, recorded.current());
    if (current != null) {
      return current;
    }
    for (Map<String, String> older : recorded.history()) {
      CommittedPositions found = fromSummary(node, older);
      if (found != null) {
        return found;
      }
    }
    return NONE;
  }

  private static CommittedPositions latest(
      String node, Map<String, String> properties, Snapshot current, LongFunction<Snapshot> byId) {
    CommittedPositions inProperties = fromSummary(node, properties);
    if (inProperties != null) {
      return inProperties;
    }
    for (Snapshot s = current; s != null; ) {
      CommittedPositions found = fromSummary(node, s.summary());
      if (found != null) {
        return found;
      }
      s = s.parentId() == null ? null : byId.apply(s.parentId());
    }
    return NONE;
  }
}
