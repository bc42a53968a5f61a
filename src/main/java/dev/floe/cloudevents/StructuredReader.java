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
      EventRecord event = readObject(p, body, facts);
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
   * reads {@code body}.
   */
  static EventRecord readObject(JsonParser p, Body body, RequestFacts facts) throws IOException {
    EventDraft d = new EventDraft();
    boolean hasData = false;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_NULL) {
        // the JSON event format: a null attribute is the same as an absent one
        continue;
      }
      switch (name) {
        case "data" -> {
          hasData = true;
          d.data = Json.copyValue(p, body);
        }
        case "data_base64" -> {
          d.hasDataBase64 = true;
          if (v != JsonToken.VALUE_STRING) {
            throw wrongType(name, v, "a base64 string");
          }
          d.data = p.getText();
        }
        default -> {
          if (!d.setStringAttribute(name, stringValue(p, name, v))) {
            d.extension(name, scalarValue(p, name, v));
          }
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
    return EventValidator.validate(d, facts);
  }

  /** The string value of a defined attribute; null when {@code name} is not one (left to ext). */
  private static String stringValue(JsonParser p, String name, JsonToken v) throws IOException {
    if (!isStringAttribute(name)) {
      return null;
    }
    if (v != JsonToken.VALUE_STRING) {
      throw wrongType(name, v, "a string");
    }
    return p.getText();
  }

  private static boolean isStringAttribute(String name) {
    return switch (name) {
      case "specversion",
          "id",
          "source",
          "type",
          "time",
          "subject",
          "datacontenttype",
          "dataschema" ->
          true;
      default -> false;
    };
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
