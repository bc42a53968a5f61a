package dev.floe.cloudevents;

import dev.floe.event.EventRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attributes of one CloudEvent as a reader finds them, before validation. Both the structured
 * and the binary reader fill one; {@link EventValidator} turns it into an {@link EventRecord}.
 */
final class EventDraft {
  String specversion;
  String id;
  String source;
  String type;
  String time;
  String subject;
  String datacontenttype;
  String dataschema;

  /** JSON text (structured {@code data}, binary JSON or text body) or base64 text. */
  String data;

  boolean hasDataBase64;
  private Map<String, String> extensions;

  /**
   * Sets a context attribute CloudEvents defines as a string; false when {@code name} is none of
   * them (so it is an extension, or {@code data}).
   */
  boolean setStringAttribute(String name, String value) {
    switch (name) {
      case "specversion" -> specversion = value;
      case "id" -> id = value;
      case "source" -> source = value;
      case "type" -> type = value;
      case "time" -> time = value;
      case "subject" -> subject = value;
      case "datacontenttype" -> datacontenttype = value;
      case "dataschema" -> dataschema = value;
      default -> {
        return false;
      }
    }
    return true;
  }

  void extension(String name, String value) {
    EventValidator.checkExtension(name, value);
    if (extensions == null) {
      extensions = new LinkedHashMap<>(8);
    } else if (extensions.size() >= EventValidator.MAX_EXTENSIONS) {
      throw EventFormatException.invalidEvent(
          "an event may carry at most " + EventValidator.MAX_EXTENSIONS + " extension attributes");
    }
    if (extensions.put(name, value) != null) {
      throw EventFormatException.invalidEvent("attribute '" + name + "' appears more than once");
    }
  }

  Map<String, String> extensions() {
    return extensions == null ? Map.of() : extensions;
  }
}
