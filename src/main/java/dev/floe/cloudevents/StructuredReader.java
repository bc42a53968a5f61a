package dev.floe.cloudevents;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.floe.event.EventRecord;
import dev.floe.event.RequestFacts;
import java.io.IOException;

/**
 * Reads CloudEvents in the JSON event format (structured mode): one event object per body, or one
 * object at a time for the batch reader. Streams tokens; no data binding.
 */
public final class StructuredReader {
  private StructuredReader() {}

  /** The one event a structured-mode body holds. */
  public static EventRecord single(Body body, RequestFacts facts) {
    checkUtf8(body);
    try (JsonParser p = Json.parser(body)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw EventFormatException.malformed("request body is empty");
      }
      if (t == JsonToken.START_ARRAY) {
        throw EventFormatException.invalidEvent(
            "expected one CloudEvent JSON object but got an array; send batches to /events/batch");
      }
      if (t != JsonToken.START_OBJECT) {
        throw EventFormatException.invalidEvent(
            "expected a CloudEvent JSON object, got " + kind(t));
      }
      EventRecord event = readObject(p, body, facts, new String[EventDraft.DATA]);
      if (p.nextToken() != null) {
        throw EventFormatException.malformed("unexpected content after the event object");
      }
      return event;
    } catch (JsonProcessingException e) {
      throw Json.malformed(e);
    } catch (IOException e) {
      throw EventFormatException.malformed("could not read the request body");
    }
  }

  /**
   * Reads the event object the parser stands on ({@code START_OBJECT}) through its end; the parser
   * reads {@code body}. {@code recent} holds, per string attribute slot, the value the previous
   * event of the same body had: a batch's events mostly repeat their type, source and spec version,
   * and a repeat is taken without building and hashing a new string.
   */
  static EventRecord readObject(JsonParser p, Body body, RequestFacts facts, String[] recent)
      throws IOException {
    EventDraft d = new EventDraft();
    int seen = 0; // the defined attributes met so far, one bit per slot: a repeat is refused
    boolean hasData = false;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      int slot = EventDraft.slot(name);
      if (slot < 0) {
        extension(d, p, name, v);
        continue;
      }
      if ((seen & (1 << slot)) != 0) {
        throw EventFormatException.invalidEvent("attribute '" + name + "' appears more than once");
      }
      seen |= 1 << slot;
      if (v == JsonToken.VALUE_NULL) {
        // the JSON event format: a null attribute is the same as an absent one
        continue;
      }
      switch (slot) {
        case EventDraft.DATA -> {
          hasData = true;
          d.data = Json.copyValue(p, body);
        }
        case EventDraft.DATA_BASE64 -> {
          d.hasDataBase64 = true;
          if (v != JsonToken.VALUE_STRING) {
            throw wrongType(name, v, "a base64 string");
          }
          d.data = p.getText();
        }
        default -> {
          if (v != JsonToken.VALUE_STRING) {
            throw wrongType(name, v, "a string");
          }
          d.set(slot, slot == EventDraft.ID ? p.getText() : text(p, recent, slot));
        }
      }
      if (hasData && d.hasDataBase64) {
        throw EventFormatException.invalidEvent(
            "an event carries either 'data' or 'data_base64', not both");
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw EventFormatException.malformed("unexpected end of JSON input");
    }
    EventRecord e = EventValidator.validate(d, facts);
    recent[EventDraft.SPECVERSION] = e.specversion(); // the shared copies, their hashes known
    recent[EventDraft.SOURCE] = e.source();
    recent[EventDraft.TYPE] = e.type();
    recent[EventDraft.DATACONTENTTYPE] = e.datacontenttype();
    recent[EventDraft.DATASCHEMA] = e.dataschema();
    return e;
  }

  /** The string value the parser stands on; the recent one of its slot when equal. */
  private static String text(JsonParser p, String[] recent, int slot) throws IOException {
    char[] chars = p.getTextCharacters();
    int offset = p.getTextOffset();
    int length = p.getTextLength();
    String last = recent[slot];
    if (last != null && last.length() == length) {
      int i = 0;
      while (i < length && last.charAt(i) == chars[offset + i]) {
        i++;
      }
      if (i == length) {
        return last;
      }
    }
    String value = new String(chars, offset, length);
    recent[slot] = value;
    return value;
  }

  private static void extension(EventDraft d, JsonParser p, String name, JsonToken v)
      throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      d.absentExtension(name);
    } else {
      d.extension(name, scalarValue(p, name, v));
    }
  }

  private static String scalarValue(JsonParser p, String name, JsonToken v) throws IOException {
    return switch (v) {
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      default -> {
        if (!Text.isAttributeName(name)) {
          EventValidator.checkExtension(name, null);
        }
        throw wrongType(name, v, "a string, number or boolean");
      }
    };
  }

  private static EventFormatException wrongType(String name, JsonToken v, String expected) {
    return EventFormatException.invalidEvent(
        "attribute '" + Text.clip(name, 40) + "' must be " + expected + ", got " + kind(v));
  }

  static String kind(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }

  static void checkUtf8(Body body) {
    int bad = Utf8.firstInvalid(body.bytes(), body.length());
    if (bad >= 0) {
      throw EventFormatException.malformed(
          "request body is not valid UTF-8 (byte offset " + bad + ")");
    }
  }
}
