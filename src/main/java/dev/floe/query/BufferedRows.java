package dev.floe.query;

import dev.floe.catalog.EventsTable;
import dev.floe.event.Columns;
import dev.floe.event.Columns.Column;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import dev.floe.event.PromotedColumn;
import dev.floe.event.PromotedValues;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.types.Types;

/**
 * Buffered events as the rows they will become, so one filter and one writer serve both sides of a
 * read-your-writes query: each event's columns as {@link Columns} defines them, timestamps as the
 * generic records hold them.
 */
final class BufferedRows {
  private BufferedRows() {}

  /** The events of each partition that match {@code filter}, as rows, by epoch hour. */
  static Map<Long, List<Record>> matching(
      Schema schema, Map<PartitionKey, List<EventRecord>> events, Expression filter) {
    Evaluator matches = new Evaluator(schema.asStruct(), filter, true);
    Promoted promoted = new Promoted(schema);
    InternalRecordWrapper asStored = new InternalRecordWrapper(schema.asStruct());
    Map<Long, List<Record>> byHour = new TreeMap<>();
    events.forEach(
        (key, list) -> {
          for (EventRecord e : list) {
            Record r = row(schema, e);
            promoted.fill(r, e);
            if (matches.eval(asStored.wrap(r))) {
              byHour.computeIfAbsent(key.epochHour(), h -> new ArrayList<>()).add(r);
            }
          }
        });
    return byHour;
  }

  static Record row(Schema schema, EventRecord e) {
    GenericRecord r = GenericRecord.create(schema);
    for (Column c : Columns.ALL) {
      if (schema.findField(c.name()) != null) {
        Object v = c.value().apply(e);
        r.setField(c.name(), v instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : v);
      }
    }
    return r;
  }

  /**
   * The table's promoted columns ({@code ext_*}, {@code data_*}) filled as the writer will fill
   * them: read leniently (a value that does not fit is null), an int or float column narrowed.
   */
  private static final class Promoted {
    private final int[] positions;
    private final Columns.Kind[] kinds;
    private final PromotedValues values;
    private final Object[] out;

    Promoted(Schema schema) {
      List<Integer> at = new ArrayList<>();
      List<Columns.Kind> kindList = new ArrayList<>();
      List<PromotedColumn> columns = new ArrayList<>();
      List<Types.NestedField> fields = schema.columns();
      for (int p = 0; p < fields.size(); p++) {
        Types.NestedField f = fields.get(p);
        Optional<PromotedColumn> c =
            Columns.ALL.stream().anyMatch(k -> k.name().equals(f.name()))
                ? Optional.empty()
                : EventsTable.kindOf(f.type()).flatMap(k -> PromotedColumn.ofColumn(f.name(), k));
        if (c.isPresent()) {
          at.add(p);
          kindList.add(c.get().kind());
          columns.add(c.get().widest());
        }
      }
      positions = at.stream().mapToInt(Integer::intValue).toArray();
      kinds = kindList.toArray(new Columns.Kind[0]);
      values = new PromotedValues(columns);
      out = new Object[columns.size()];
    }

    void fill(Record r, EventRecord e) {
      if (positions.length == 0) {
        return;
      }
      values.read(e, out, false);
      for (int i = 0; i < positions.length; i++) {
        r.set(positions[i], narrow(kinds[i], out[i]));
      }
    }

    private static Object narrow(Columns.Kind kind, Object v) {
      if (kind == Columns.Kind.INT && v instanceof Long l) {
        return l == l.intValue() ? l.intValue() : null;
      }
      if (kind == Columns.Kind.FLOAT && v instanceof Double d) {
        return Math.abs(d) <= Float.MAX_VALUE ? d.floatValue() : null;
      }
      return v;
    }
  }
}
