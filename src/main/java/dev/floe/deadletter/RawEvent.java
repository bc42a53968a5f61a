package dev.floe.deadletter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.Columns;
import dev.floe.event.EventRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event as one structured-mode CloudEvent JSON object, and back: the {@code event} column, which
 * any engine can read and any CloudEvents SDK parse. {@code data} is written as the JSON it was, or
 * as {@code data_base64} when the stored text is not JSON. The Cloudflare facts are extension
 * attributes named as the events table's {@code cf_*} columns without the underscore ({@code
 * cfcolo}, ...), as plain objects write them.
 */
final class RawEvent {
  private static final JsonFactory JSON = new JsonFactory();
  private static final Map<String, Integer> FACTS = new HashMap<>();

  static {
    for (int i = 0; i < Columns.CLOUDFLARE.size(); i++) {
      FACTS.put(Columns.CLOUDFLARE.get(i).column().replace("_", ""), i);
    }
  }

  private RawEvent() {}

  static String write(EventRecord e) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("specversion", e.specversion());
      g.writeStringField("id", e.id());
      g.writeStringField("source", e.source());
      g.writeStringField("type", e.type());
      optional(g, "time", e.time() == null ? null : e.time().toString());
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
        optional(g, f.column().replace("_", ""), f.value().apply(e.cloudflare()));
      }
      g.writeEndObject();
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return out.toString();
  }

  /** The event {@link #write} wrote, received at {@code receivedAt}. */
  static EventRecord read(String text, Instant receivedAt) {
    Map<String, String> attrs = new LinkedHashMap<>();
    String data = null;
    List<String> facts = new ArrayList<>(java.util.Collections.nCopies(FACTS.size(), null));
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("data")) {
          int from = (int) p.currentTokenLocation().getCharOffset();
          p.skipChildren();
          int to = (int) p.currentLocation().getCharOffset();
          data = text.substring(from, to);
        } else if (FACTS.containsKey(name)) {
          facts.set(FACTS.get(name), p.getValueAsString());
        } else if (t != JsonToken.VALUE_NULL) {
          attrs.put(name, p.getValueAsString());
        }
      }
    } catch (IOException x) {
      throw new IllegalArgumentException("not a stored event: " + x.getMessage(), x);
    }
    String base64 = attrs.remove("data_base64");
    String time = attrs.remove("time");
    return new EventRecord(
        attrs.remove("id"),
        attrs.remove("type"),
        attrs.remove("source"),
        attrs.remove("specversion"),
        time == null ? null : Instant.parse(time),
        attrs.remove("subject"),
        attrs.remove("datacontenttype"),
        attrs.remove("dataschema"),
        data != null ? data : base64,
        Map.copyOf(attrs),
        CloudflareInfo.of(facts),
        receivedAt);
  }

  private static void optional(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static boolean isJson(String text) {
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
