package dev.floe.deadletter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/** Reads the dead-letter table's current snapshot: rows for a replay, and counts. */
final class DeadLetterReader {
  private DeadLetterReader() {}

  /** The columns of one dead letter a replay needs. */
  record Row(
      String deadLetterId, String intendedTable, String reason, Instant receivedAt, String event) {}

  /** Up to {@code limit} rows matching {@code filter}, oldest arrival first. */
  static List<Row> matching(Table table, ReplayFilter filter, int limit) {
    List<Row> rows = read(table, filter.expression());
    rows.sort(java.util.Comparator.comparing(Row::receivedAt).thenComparing(Row::deadLetterId));
    return rows.size() > limit ? new ArrayList<>(rows.subList(0, limit)) : rows;
  }

  /** The rows with these ids that the table holds now. */
  static Map<String, Row> byIds(Table table, Set<String> ids) {
    Map<String, Row> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    for (Row r : read(table, Expressions.in(DeadLetterTable.DEAD_LETTER_ID, ids.toArray()))) {
      if (ids.contains(r.deadLetterId())) {
        out.put(r.deadLetterId(), r);
      }
    }
    return out;
  }

  /**
   * Rows per reason and intended table among those matching {@code filter}, reading two columns of
   * at most {@code max} rows; {@code truncated} says the count stopped there.
   */
  record Counts(Map<String, Map<String, Long>> byReasonAndTable, long total, boolean truncated) {}

  static DeadLetterCounts counts(Table table, ReplayFilter filter, long max) {
    table.refresh();
    Map<String, Map<String, Long>> m = new TreeMap<>();
    long total = 0;
    if (table.currentSnapshot() == null) {
      return new DeadLetterCounts(m, 0, false);
    }
    try (CloseableIterable<Record> it =
        IcebergGenerics.read(table)
            .select(DeadLetterTable.REASON, DeadLetterTable.INTENDED_TABLE)
            .where(filter.expression())
            .build()) {
      for (Record r : it) {
        if (total >= max) {
          return new DeadLetterCounts(m, total, true);
        }
        m.computeIfAbsent((String) r.getField(DeadLetterTable.REASON), k -> new TreeMap<>())
            .merge((String) r.getField(DeadLetterTable.INTENDED_TABLE), 1L, Long::sum);
        total++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new DeadLetterCounts(m, total, false);
  }

  private static List<Row> read(Table table, Expression where) {
    table.refresh();
    List<Row> out = new ArrayList<>();
    if (table.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).where(where).build()) {
      for (Record r : it) {
        out.add(
            new Row(
                (String) r.getField(DeadLetterTable.DEAD_LETTER_ID),
                (String) r.getField(DeadLetterTable.INTENDED_TABLE),
                (String) r.getField(DeadLetterTable.REASON),
                ((OffsetDateTime) r.getField(DeadLetterTable.RECEIVED_AT)).toInstant(),
                (String) r.getField(DeadLetterTable.EVENT)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
