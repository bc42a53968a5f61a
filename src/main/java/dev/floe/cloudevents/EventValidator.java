package dev.floe.cloudevents;

import dev.floe.event.EventRecord;
import dev.floe.event.RequestFacts;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;

/**
 * The rules a CloudEvent must meet before Floe keeps it: CloudEvents 1.0's required attributes and
 * types, plus Floe's own bounds (the type names a folder; nothing unbounded reaches the table).
 */
final class EventValidator {
  /** Attributes that most events share with many others: kept once, not once per event. */
  private static final Canonical<String> REPEATED = new Canonical<>(4096);

  static final String SPEC_VERSION = "1.0";

  /** {@code type} names a partition folder; most file systems and object stores cap a segment. */
  static final int MAX_TYPE_BYTES = 255;

  static final int MAX_ATTRIBUTE_CHARS = 4096;
  static final int MAX_EXTENSIONS = 100;

  private EventValidator() {}

  /** The validated event; 400 naming the attribute when a rule is broken. */
  static EventRecord validate(EventDraft d, RequestFacts facts) {
    if (d.specversion == null) {
      throw missing("specversion");
    }
    if (!SPEC_VERSION.equals(d.specversion)) {
      throw EventFormatException.invalidEvent(
          "attribute 'specversion' must be \"1.0\", got \"" + Text.clip(d.specversion, 20) + "\"");
    }
    required("id", d.id);
    required("source", d.source);
    required("type", d.type);
    if (Text.utf8Length(d.type) > MAX_TYPE_BYTES) {
      throw EventFormatException.invalidEvent(
          "attribute 'type' is longer than " + MAX_TYPE_BYTES + " UTF-8 bytes");
    }
    optional("subject", d.subject);
    optional("datacontenttype", d.datacontenttype);
    optional("dataschema", d.dataschema);
    Instant time = null;
    if (d.time != null) {
      time = Rfc3339.parse(d.time);
      if (time == null) {
        throw EventFormatException.invalidEvent(
            "attribute 'time' must be an RFC 3339 timestamp such as 2024-01-15T14:30:00Z, got \""
                + Text.clip(d.time, 40)
                + "\"");
      }
    }
    Map<String, String> extensions = d.extensions();
    return new EventRecord(
        d.id,
        REPEATED.of(d.type),
        REPEATED.of(d.source),
        REPEATED.of(d.specversion),
        time,
        d.subject,
        REPEATED.of(d.datacontenttype),
        REPEATED.of(d.dataschema),
        d.data,
        extensions.isEmpty() ? Map.of() : Collections.unmodifiableMap(extensions),
        facts.cloudflare(),
        facts.receivedAt());
  }

  /** Checks an extension's name and value as it is added. */
  static void checkExtension(String name, String value) {
    if (!Text.isAttributeName(name)) {
      throw EventFormatException.invalidEvent(
          "attribute name '"
              + Text.clip(name, 40)
              + "' is not allowed: extension names are 1 to "
              + Text.MAX_NAME_CHARS
              + " lower-case letters or digits");
    }
    optional(name, value);
  }

  private static void required(String name, String value) {
    if (value == null) {
      throw missing(name);
    }
    if (value.isEmpty()) {
      throw EventFormatException.invalidEvent("attribute '" + name + "' must not be empty");
    }
    optional(name, value);
    if (Text.hasControl(value)) {
      throw EventFormatException.invalidEvent(
          "attribute '" + name + "' must not contain control characters");
    }
  }

  private static void optional(String name, String value) {
    if (value != null && value.length() > MAX_ATTRIBUTE_CHARS) {
      throw EventFormatException.invalidEvent(
          "attribute '" + name + "' is longer than " + MAX_ATTRIBUTE_CHARS + " characters");
    }
  }

  private static EventFormatException missing(String name) {
    return EventFormatException.invalidEvent("required attribute '" + name + "' is missing");
  }
}
