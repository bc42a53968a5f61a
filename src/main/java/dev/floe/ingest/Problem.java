package dev.floe.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * An RFC 9457 problem detail: what an error answer of Floe carries as {@code
 * application/problem+json}.
 *
 * @param index the failing event's position in a batch, or null
 */
record Problem(String type, String title, int status, String detail, Integer index) {

  static final String MEDIA_TYPE = "application/problem+json";
  static final String BASE = "https://floe.dev/problems/";

  static final String INVALID_EVENT = BASE + "invalid-event";
  static final String MALFORMED_BODY = BASE + "malformed-body";
  static final String TOO_LARGE = BASE + "payload-too-large";
  static final String UNSUPPORTED_MEDIA_TYPE = BASE + "unsupported-media-type";
  static final String BUFFER_FULL = BASE + "buffer-full";
  static final String ABOUT_BLANK = "about:blank";

  /** The same problem, about the event at {@code index} of a batch. */
  Problem at(int index) {
    return new Problem(type, title, status, "event at index " + index + ": " + detail, index);
  }

  String toJson() {
    StringWriter out = new StringWriter(96 + (detail == null ? 0 : detail.length()));
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("type", type);
      g.writeStringField("title", title);
      g.writeNumberField("status", status);
      g.writeStringField("detail", detail);
      if (index != null) {
        g.writeNumberField("index", index);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
