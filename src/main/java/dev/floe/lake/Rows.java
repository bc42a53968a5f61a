package dev.floe.lake;

import dev.floe.event.Columns;
import dev.floe.event.Columns.Column;
import dev.floe.event.EventRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * Maps the events of one partition to rows of the table, column by column as {@link Columns} lists
 * them. One record is filled again for every event, by column position: the Parquet writer consumes
 * a row before the next is handed over, so a flush allocates no record and looks up no column name
 * per event. The hour columns are the partition's, set once.
 */
final class Rows {
  private final GenericRecord row;
  private final int[] positions;
  private final Function<EventRecord, Object>[] values;

  /** Rows of the partition {@code first} belongs to. */
  @SuppressWarnings("unchecked")
  Rows(Schema schema, EventRecord first) {
    row = GenericRecord.create(schema);
    List<Integer> perEvent = new ArrayList<>();
    List<Function<EventRecord, Object>> perEventValues = new ArrayList<>();
    for (Column c : Columns.ALL) {
      int p = position(schema, c.name());
      Function<EventRecord, Object> value = tableValue(c);
      if (c.ofPartition()) {
        row.set(p, value.apply(first));
      } else {
        perEvent.add(p);
        perEventValues.add(value);
      }
    }
    positions = perEvent.stream().mapToInt(Integer::intValue).toArray();
    values = perEventValues.toArray(new Function[0]);
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

  private static int position(Schema schema, String column) {
    int p = schema.columns().indexOf(schema.findField(column));
    if (p < 0) {
      throw new IllegalStateException("the table has no column " + column);
    }
    return p;
  }

  /** The row of {@code e}, valid until the next call. */
  Record of(EventRecord e) {
    for (int i = 0; i < positions.length; i++) {
      row.set(positions[i], values[i].apply(e));
    }
    return row;
  }
}
