package dev.floe.query;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.Record;

/**
 * Writes a row as one JSON object of the asked columns, in the table's order: times as ISO-8601
 * instants, maps as objects, numbers and booleans as such, binary as base64, nulls as null.
 */
final class RowJson {
  private RowJson() {}

  static void write(JsonGenerator g, Record row, List<String> columns) throws IOException {
    g.writeStartObject();
    for (String c : columns) {
      g.writeFieldName(c);
      value(g, row.getField(c));
    }
    g.writeEndObject();
  }

  private static void value(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof OffsetDateTime t) {
      g.writeString(t.toInstant().toString());
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        value(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        value(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Integer || v instanceof Long) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Float || v instanceof Double) {
      g.writeNumber(((Number) v).doubleValue());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof ByteBuffer b) {
      g.writeString(Base64.getEncoder().encodeToString(bytes(b)));
    } else {
      g.writeString(v.toString());
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
