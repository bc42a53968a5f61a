package dev.floe.ingest;

import dev.floe.cloudevents.BinaryReader;
import dev.floe.cloudevents.ContentType;
import dev.floe.cloudevents.EventFormatException;
import dev.floe.cloudevents.Text;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** How an ingest request carries its events: structured or binary mode, and its ce-* headers. */
final class RequestShape {
  private RequestShape() {}

  /**
   * Structured for the CloudEvents JSON format; binary whenever {@code ce-specversion} is present
   * (the HTTP binding's rule: then Content-Type, JSON or not, describes the data); structured for
   * plain JSON without it, as the seed's clients send, and for text/plain without it when browsers
   * may send (what {@code navigator.sendBeacon} sends a string as).
   */
  static boolean isBinary(ContentType type, HttpServletRequest request, boolean cors) {
    if (type != null && type.type().equals("application")) {
      String subtype = type.subtype();
      if (subtype.equals("cloudevents+json")) {
        requireUtf8(type);
        return false;
      }
      if (subtype.startsWith("cloudevents")) {
        throw EventFormatException.unsupportedMediaType(
            "only the JSON event format (application/cloudevents+json or"
                + " application/cloudevents-batch+json) is supported");
      }
    }
    if (request.getHeader("ce-specversion") != null) {
      return true;
    }
    if (type != null && (type.is("application", "json") || (cors && type.is("text", "plain")))) {
      requireUtf8(type);
      return false;
    }
    throw EventFormatException.unsupportedMediaType(
        "send application/cloudevents+json or application/json (structured mode),"
            + " or ce-* headers with any Content-Type (binary mode)"
            + received(type));
  }

  static void requireUtf8(ContentType type) {
    if (!type.isUtf8()) {
      throw EventFormatException.unsupportedMediaType(
          "JSON must be UTF-8, not charset " + Text.clip(type.charset(), 40));
    }
  }

  static String received(ContentType type) {
    return type == null ? "; the request has no Content-Type" : "; got " + type.essence();
  }

  /** The {@code ce-*} headers by lower-case attribute name; 400 when one is repeated. */
  static Map<String, String> ceHeaders(HttpServletRequest request) {
    Map<String, String> attributes = new HashMap<>();
    Enumeration<String> names = request.getHeaderNames();
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      if (name.length() <= 3 || !name.regionMatches(true, 0, BinaryReader.HEADER_PREFIX, 0, 3)) {
        continue;
      }
      String attribute = name.substring(3).toLowerCase(Locale.ROOT);
      Enumeration<String> values = request.getHeaders(name);
      String value = values.nextElement();
      if (values.hasMoreElements() || attributes.put(attribute, value) != null) {
        throw EventFormatException.invalidEvent(
            "header ce-" + Text.clip(attribute, 40) + " is repeated");
      }
    }
    return attributes;
  }
}
