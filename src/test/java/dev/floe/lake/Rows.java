package dev.floe.lake;

import dev.floe.catalog.EventsTable;
import dev.floe.event.Columns;
import dev.floe.event.Columns.Column;
import dev.floe.event.EventRecord;
import dev.floe.event.PromotedColumn;
import dev.floe.event.PromotedValues;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * The rows Floe wrote through Iceberg's generic Parquet writer before {@link EventParquetWriter}:
 * kept as the reference that {@code EventParquetWriterTest} and {@code WriterBench} compare the new
 * writer with. Maps the events of one partition to rows of the table as its current schema has
 * them: each of the table's columns is one of {@link Columns}, a promoted attribute (named {@code
 * ext_*} or {@code data_*}), or a column Floe does not know, left null. One record is filled again
 * for every event, by column position.
 */
final class Rows {
  private static final Map<String, Column> OURS =
      Columns.ALL.stream().collect(Collectors.toMap(Column::name, c -> c));

  private final GenericRecord row;
  private final int[] positions;
  private final Function<EventRecord, Object>[] values;
  private final int[] promotedPositions;
  private final PromotedValues promoted;
  private final Object[] promotedValues;
  // promoted columns of a type Iceberg can widen (int, float): read wide, written narrow if it fits
  private final boolean[] narrowed;

  /** Rows of the partition {@code first} belongs to, for a table of {@code schema}. */
  @SuppressWarnings("unchecked")
  Rows(Schema schema, EventRecord first) {
    row = GenericRecord.create(schema);
    List<Integer> perEvent = new ArrayList<>();
    List<Function<EventRecord, Object>> perEventValues = new ArrayList<>();
    List<Integer> promotedAt = new ArrayList<>();
    List<PromotedColumn> promotedColumns = new ArrayList<>();
    List<Boolean> narrow = new ArrayList<>();
    List<Types.NestedField> fields = schema.columns();
    for (int p = 0; p < fields.size(); p++) {
      Column c = OURS.get(fields.get(p).name());
      if (c != null) {
        Function<EventRecord, Object> value = tableValue(c);
        if (c.ofPartition()) {
          row.set(p, value.apply(first));
        } else {
          perEvent.add(p);
          perEventValues.add(value);
        }
        continue;
      }
      String name = fields.get(p).name();
      PromotedColumn pc =
          EventsTable.kindOf(fields.get(p).type())
              .flatMap(kind -> PromotedColumn.ofColumn(name, kind))
              .orElse(null);
      if (pc != null) {
        promotedAt.add(p);
        promotedColumns.add(pc.widest());
        narrow.add(pc.kind() != pc.widest().kind());
      }
    }
    positions = perEvent.stream().mapToInt(Integer::intValue).toArray();
    values = perEventValues.toArray(new Function[0]);
    promotedPositions = promotedAt.stream().mapToInt(Integer::intValue).toArray();
    promoted = new PromotedValues(promotedColumns);
    promotedValues = new Object[promotedColumns.size()];
    narrowed = new boolean[narrow.size()];
    for (int i = 0; i < narrowed.length; i++) {
      narrowed[i] = narrow.get(i);
    }
  }

  /** The column's value as Iceberg's generic records hold it. */
  private static Function<EventRecord, Object> tableValue(Column c) {
    if (c.kind() == Columns.Kind.TIMESTAMPTZ) {
      Function<EventRecord, Object> instant = c.value();
      return e -> {
        Object t = instant.apply(e);
        return t == null ? null : ((Instant) t).atOffset(ZoneOffset.UTC);
      };
    }
    return c.value();
  }

  /** The value in the column's own type, or {@link WideningNeeded} when it needs the wider. */
  private Object narrow(int i, Object v) {
    if (v instanceof Long l && l == l.intValue()) {
      return l.intValue();
    }
    if (v instanceof Double d && Math.abs(d) <= Float.MAX_VALUE) {
      return d.floatValue();
    }
    throw new WideningNeeded(promoted.columns().get(i).column());
  }

  /**
   * The row of {@code e}, valid until the next call. Throws {@link WideningNeeded} for a value its
   * int (float) column can only hold once widened to long (double).
   */
  Record of(EventRecord e) {
    for (int i = 0; i < positions.length; i++) {
      row.set(positions[i], values[i].apply(e));
    }
    if (promotedPositions.length > 0) {
      // lenient: a column this node's ingest did not check (another node added it) gets null
      promoted.read(e, promotedValues, false);
      for (int i = 0; i < promotedPositions.length; i++) {
        Object v = promotedValues[i];
        row.set(promotedPositions[i], narrowed[i] && v != null ? narrow(i, v) : v);
      }
    }
    return row;
  }
}
