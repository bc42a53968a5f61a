package dev.floe.cloudevents;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The {@code id} of a refused batch element, read leniently from its own text so that a per-index
 * answer can echo it: null when the element is not an object or has no string id.
 */
final class ElementId {
  private static final int MAX_CHARS = 200;

  private ElementId() {}

  static String of(Body body, int start, int end) {
    try (JsonParser p = Json.FACTORY.createParser(body.bytes(), start, end - start)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        boolean isId = "id".equals(p.currentName());
        JsonToken v = p.nextToken();
        if (isId && v == JsonToken.VALUE_STRING) {
          String id = p.getText();
          return id.isEmpty() || Text.hasControl(id) ? null : Text.clip(id, MAX_CHARS);
        }
        p.skipChildren();
      }
    } catch (IOException | RuntimeException e) {
      // the element's own refusal already says what is wrong with it
    }
    return null;
  }
}
