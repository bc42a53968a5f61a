package dev.floe.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.floe.cloudevents.Json;
import dev.floe.cloudevents.Refusal;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * An RFC 9457 problem detail: what an error answer of Floe carries as {@code
 * application/problem+json}.
 *
 * @param index the failing event's position in a batch, or null
 */
public record Problem(String type, String title, int status, String detail, Integer index) {

  public static final String MEDIA_TYPE = "application/problem+json";
  static final String BASE = "https://floe.dev/problems/";

  static final String BUFFER_FULL = BASE + "buffer-full";
  static final String ABOUT_BLANK = "about:blank";

  /** The problem answering a refused CloudEvent. */
  public static Problem of(Refusal r) {
    return new Problem(BASE + r.kind().slug(), r.kind().title(), r.status(), r.detail(), r.index());
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
