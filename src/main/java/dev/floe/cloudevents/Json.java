package dev.floe.cloudevents;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON factory of ingest, set up for hostile input (bounded nesting, bounded numbers), and
 * the streaming helpers built on it. Duplicate keys are refused everywhere: the readers check an
 * event's own members (a bit per defined attribute), and {@link #copyValue} turns on the parser's
 * duplicate detection for the data it copies. Left on for the whole body, the detection built a
 * hash set for every event object (its members outnumber the two it checks without one).
 */
public final class Json {
  /** Deep enough for any sane payload; shallow enough that nothing recurses dangerously. */
  static final int MAX_DEPTH = 64;

  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxNumberLength(1000)
                  .build())
          .build();

  private Json() {}

  static JsonParser parser(Body body) throws IOException {
    return FACTORY.createParser(body.bytes(), 0, body.length());
  }

  /**
   * Copies the value the parser stands on (its current token) as compact JSON text and leaves the
   * parser on the value's last token; {@code body} is what the parser reads. An object or array
   * already written compactly (no whitespace between tokens, no escapes) is taken as it stands in
   * the body, which is what re-writing it would give; any other is re-written token by token.
   */
  static String copyValue(JsonParser p, Body body) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      int start = (int) p.currentTokenLocation().getByteOffset();
      skipChecked(p);
      int end = (int) p.currentLocation().getByteOffset();
      byte[] b = body.bytes();
      if (isCompact(b, start, end)) {
        return new String(b, start, end - start, StandardCharsets.UTF_8);
      }
      try (JsonParser again = FACTORY.createParser(b, start, end - start)) {
        again.nextToken();
        return rewrite(again, again.currentToken());
      }
    }
    return copyScalar(p, t);
  }

  /**
   * Skips the object or array the parser stands on, checking syntax, nesting and duplicate keys at
   * every level inside it (the parser checks keys of the containers it enters while the feature is
   * on).
   */
  private static void skipChecked(JsonParser p) throws IOException {
    boolean was = p.isEnabled(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    if (!was) {
      p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
    try {
      p.skipChildren();
    } finally {
      if (!was) {
        p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      }
    }
  }

  /** True when the JSON text has no whitespace outside strings and no escapes inside them. */
  static boolean isCompact(byte[] b, int from, int to) {
    boolean inString = false;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (inString) {
        if (c == '"') {
          inString = false;
        } else if (c == '\\') {
          return false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        return false;
      }
    }
    return true;
  }

  private static String copyScalar(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING:
        return quote(p.getText());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return p.getText();
      case VALUE_TRUE:
        return "true";
      case VALUE_FALSE:
        return "false";
      case VALUE_NULL:
        return "null";
      default:
        return rewrite(p, t);
    }
  }

  /** Writes the object or array the parser stands on as compact JSON, token by token. */
  private static String rewrite(JsonParser p, JsonToken t) throws IOException {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      int depth = 0;
      while (true) {
        if (t == null) {
          throw EventFormatException.malformed("unexpected end of JSON input");
        }
        switch (t) {
          case START_OBJECT -> {
            g.writeStartObject();
            depth++;
          }
          case START_ARRAY -> {
            g.writeStartArray();
            depth++;
          }
          case END_OBJECT -> {
            g.writeEndObject();
            depth--;
          }
          case END_ARRAY -> {
            g.writeEndArray();
            depth--;
          }
          case FIELD_NAME -> g.writeFieldName(p.currentName());
          case VALUE_STRING ->
              g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
          case VALUE_TRUE -> g.writeBoolean(true);
          case VALUE_FALSE -> g.writeBoolean(false);
          case VALUE_NULL -> g.writeNull();
          default -> throw EventFormatException.malformed("unexpected JSON token " + t);
        }
        if (depth == 0) {
          break;
        }
        t = p.nextToken();
      }
    }
    return out.toString();
  }

  /** The JSON string literal of {@code text}, quotes included. */
  static String quote(String text) {
    char[] escaped = JsonStringEncoder.getInstance().quoteAsString(text);
    return new StringBuilder(escaped.length + 2).append('"').append(escaped).append('"').toString();
  }

  /** The 400 for a body that is not (the expected) JSON, saying where and why. */
  static EventFormatException malformed(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return EventFormatException.malformed(
          "JSON too deeply nested or too large (nesting is limited to " + MAX_DEPTH + " levels)");
    }
    String why = e.getOriginalMessage();
    if (why == null) {
      why = "syntax error";
    }
    int newline = why.indexOf('\n');
    if (newline >= 0) {
      why = why.substring(0, newline);
    }
    if (why.length() > 200) {
      why = why.substring(0, 200) + "...";
    }
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return EventFormatException.malformed("malformed JSON" + where + ": " + why);
  }
}
