package dev.floe.deadletter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.Columns;
import dev.floe.event.EventRecord;
import dev.floe.event.StructuredEvents;
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
      FACTS.put(StructuredEvents.attribute(Columns.CLOUDFLARE.get(i).column()), i);
    }
  }

  private RawEvent() {}

  static String write(EventRecord e) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      StructuredEvents.write(g, e);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return out.toString();
  }

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
}
