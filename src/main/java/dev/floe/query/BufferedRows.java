package dev.floe.query;

import dev.floe.event.Columns;
import dev.floe.event.Columns.Column;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;

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
    InternalRecordWrapper asStored = new InternalRecordWrapper(schema.asStruct());
    Map<Long, List<Record>> byHour = new TreeMap<>();
    events.forEach(
        (key, list) -> {
          for (EventRecord e : list) {
            Record r = row(schema, e);
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
}
