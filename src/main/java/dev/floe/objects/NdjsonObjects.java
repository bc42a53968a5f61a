package dev.floe.objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.floe.event.Columns;
import dev.floe.event.EventRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * Gzipped NDJSON: one CloudEvent per line in the structured JSON format, every attribute as it was
 * received (extensions as strings), {@code data} as its JSON, or {@code data_base64} when the
 * stored text is not JSON. The Cloudflare facts are extension attributes named as the table's
 * {@code cf_*} columns without the underscore ({@code cfcolo}, {@code cfcountry}, ...): CloudEvents
 * attribute names are lower-case letters and digits only.
 */
final class NdjsonObjects {
  private static final JsonFactory JSON = new JsonFactory();

  private NdjsonObjects() {}

  /** The extension attribute that carries a {@code cf_*} column. */
  static String attribute(String column) {
    return column.replace("_", "");
  }

  /** Writes the events to {@code out}, replacing it; returns the object's size in bytes. */
  static long write(OutputFile out, java.util.List<EventRecord> events) {
    try (PositionOutputStream file = out.createOrOverwrite()) {
      GZIPOutputStream zip = new GZIPOutputStream(file, 64 * 1024);
      JsonGenerator g = JSON.createGenerator(zip);
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setRootValueSeparator(null);
      for (EventRecord e : events) {
        line(g, e);
        g.flush();
        zip.write('\n');
      }
      g.close(); // closes neither stream: the gzip trailer goes below
      zip.finish();
      zip.flush();
      return file.getPos();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void line(JsonGenerator g, EventRecord e) throws IOException {
    g.writeStartObject();
    g.writeStringField("specversion", e.specversion());
    g.writeStringField("id", e.id());
    g.writeStringField("source", e.source());
    g.writeStringField("type", e.type());
    if (e.time() != null) {
      g.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(e.time()));
    }
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
  static boolean isJson(String text) {
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
