package dev.floe.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Map;

/**
 * An {@link EventRecord} written back as one structured-mode CloudEvent JSON object: the plain
 * objects' NDJSON lines and the dead-letter table's {@code event} column. JSON {@code data} is
 * written as it arrived, anything else as {@code data_base64}; the Cloudflare facts become
 * extension attributes named like their {@code cf_*} columns without the underscore ({@code
 * cfcolo}, ...), since CloudEvents attribute names are lower-case letters and digits only.
 */
public final class StructuredEvents {
  private static final JsonFactory JSON = new JsonFactory();

  private StructuredEvents() {}

  /** The extension attribute that carries a {@code cf_*} column. */
  public static String attribute(String column) {
    return column.replace("_", "");
  }

  /** Writes {@code e} as one JSON object. */
  public static void write(JsonGenerator g, EventRecord e) throws IOException {
    g.writeStartObject();
    g.writeStringField("specversion", e.specversion());
    g.writeStringField("id", e.id());
    g.writeStringField("source", e.source());
    g.writeStringField("type", e.type());
    optional(g, "time", e.time() == null ? null : e.time().toString()); // ISO-8601, UTC
    optional(g, "subject", e.subject());
    optional(g, "datacontenttype", e.datacontenttype());
    optional(g, "dataschema", e.dataschema());
    if (e.data() != null) {
      if (isJson(e.data())) {
        g.writeFieldName("data");
        g.writeRawValue(e.data());
      } else {
        g.writeStringField("data_base64", e.data());
      }
    }
    for (Map.Entry<String, String> x : e.extensions().entrySet()) {
      g.writeStringField(x.getKey(), x.getValue());
    }
    for (Columns.Fact f : Columns.CLOUDFLARE) {
      optional(g, attribute(f.column()), f.value().apply(e.cloudflare()));
    }
    g.writeEndObject();
  }

  private static void optional(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  /**
   * True when {@code text} is one complete JSON value (base64 text is not, but for rare digits).
   */
  public static boolean isJson(String text) {
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() == null) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }
}
