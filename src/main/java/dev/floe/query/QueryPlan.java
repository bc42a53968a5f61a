package dev.floe.query;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The data files one query reads, planned by Iceberg from the pinned snapshot's manifests and
 * grouped by hour partition, earliest first, so the answer can stream hour by hour in time order.
 *
 * @param snapshotId the snapshot read; null when the table has none yet
 * @param projection the columns read: those answered, plus those the filter and the order need
 * @param hours files per hour partition (epoch hour), ascending
 * @param filesPlanned data files left after partition pruning and column-bound skipping
 */
record QueryPlan(
    Long snapshotId, Schema projection, Map<Long, List<FileScanTask>> hours, int filesPlanned) {

  /** Columns every read takes besides those asked for: the order's and the partition's. */
  private static final List<String> ALWAYS =
      List.of("time", "type", "id", "year", "month", "day", "hour");

  /**
   * Plans {@code q} at {@code snapshotId}; refuses, naming what narrows it, a query that would plan
   * more than {@code maxFiles} files.
   */
  static QueryPlan plan(
      Table table, Long snapshotId, QueryRequest q, Expression filter, int maxFiles) {
    Schema projection = projection(table.schema(), q);
    Map<Long, List<FileScanTask>> hours = new TreeMap<>();
    int planned = 0;
    if (snapshotId != null) {
      try (CloseableIterable<FileScanTask> tasks =
          table.newScan().useSnapshot(snapshotId).filter(filter).planFiles()) {
        for (FileScanTask t : tasks) {
          if (++planned > maxFiles) {
            throw new BadParameterException(
                q.types().isEmpty() ? "type" : "from",
                "the query would read more than "
                    + maxFiles
                    + " data files (FLOE_QUERY_MAX_FILES); narrow it with type, from and to");
          }
          hours.computeIfAbsent(epochHour(t), h -> new ArrayList<>()).add(t);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return new QueryPlan(snapshotId, projection, hours, planned);
  }

  static Schema projection(Schema schema, QueryRequest q) {
    Set<String> names = new LinkedHashSet<>(q.columns());
    ALWAYS.stream().filter(c -> schema.findField(c) != null).forEach(names::add);
    for (String[] f :
        new String[][] {{"source", q.source()}, {"subject", q.subject()}, {"id", q.id()}}) {
      if (f[1] != null) {
        names.add(f[0]);
      }
    }
    return schema.select(names);
  }

  /** The hour partition of a file, as an epoch hour; Long.MIN_VALUE when the spec has no hour. */
  static long epochHour(FileScanTask task) {
    StructLike p = task.file().partition();
    int[] at = new int[4];
    String[] names = {"year", "month", "day", "hour"};
    List<PartitionField> fields = task.spec().fields();
    for (int i = 0; i < names.length; i++) {
      at[i] = -1;
      for (int j = 0; j < fields.size(); j++) {
        if (fields.get(j).name().equals(names[i])) {
          at[i] = j;
        }
      }
      if (at[i] < 0 || p.get(at[i], Integer.class) == null) {
        return Long.MIN_VALUE;
      }
    }
    LocalDateTime t =
        LocalDateTime.of(
            p.get(at[0], Integer.class),
            p.get(at[1], Integer.class),
            p.get(at[2], Integer.class),
            p.get(at[3], Integer.class),
            0);
    return t.toEpochSecond(ZoneOffset.UTC) / 3600;
  }
}
