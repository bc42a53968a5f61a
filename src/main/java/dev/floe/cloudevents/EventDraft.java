package dev.floe.cloudevents;

import dev.floe.event.EventRecord;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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
  private Set<String> absent; // extensions sent as null: absent, but still names met once

  /** Slots of the members a CloudEvent defines, as {@link #slot} numbers them. */
  static final int SPECVERSION = 0;

  static final int ID = 1;
  static final int SOURCE = 2;
  static final int TYPE = 3;
  static final int DATACONTENTTYPE = 6;
  static final int DATASCHEMA = 7;
  static final int DATA = 8;

  static final int DATA_BASE64 = 9;

  /**
   * The slot of a member CloudEvents defines (0-7 the string attributes in declaration order, then
   * {@link #DATA} and {@link #DATA_BASE64}); -1 for any other name, an extension. Readers keep one
   * bit per slot to refuse a repeated member without building a set per event.
   */
  static int slot(String name) {
    return switch (name) {
      case "specversion" -> 0;
      case "id" -> 1;
      case "source" -> 2;
      case "type" -> 3;
      case "time" -> 4;
      case "subject" -> 5;
      case "datacontenttype" -> 6;
      case "dataschema" -> 7;
      case "data" -> DATA;
      case "data_base64" -> DATA_BASE64;
      default -> -1;
    };
  }

  /** Sets the string attribute of {@code slot} (0-7). */
  void set(int slot, String value) {
    switch (slot) {
      case 0 -> specversion = value;
      case 1 -> id = value;
      case 2 -> source = value;
      case 3 -> type = value;
      case 4 -> time = value;
      case 5 -> subject = value;
      case 6 -> datacontenttype = value;
      case 7 -> dataschema = value;
      default -> throw new IllegalArgumentException("not a string attribute slot: " + slot);
    }
  }

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
    if (absent != null && absent.contains(name)) {
      throw repeated(name);
    }
    if (extensions == null) {
      extensions = new LinkedHashMap<>(8);
    } else if (extensions.size() >= EventValidator.MAX_EXTENSIONS) {
      throw EventFormatException.invalidEvent(
          "an event may carry at most " + EventValidator.MAX_EXTENSIONS + " extension attributes");
    }
    if (extensions.put(name, value) != null) {
      throw repeated(name);
    }
  }

  /**
   * An extension sent as null: the same as absent (the JSON event format), but a second member of
   * that name is still a repeat.
   */
  void absentExtension(String name) {
    if (absent == null) {
      absent = new HashSet<>();
    }
    if (!absent.add(name) || (extensions != null && extensions.containsKey(name))) {
      throw repeated(name);
    }
  }

  private static EventFormatException repeated(String name) {
    return EventFormatException.invalidEvent(
        "attribute '" + Text.clip(name, 40) + "' appears more than once");
  }

  Map<String, String> extensions() {
    return extensions == null ? Map.of() : extensions;
  }
}
