package dev.floe.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Turns a promoted attribute's text (extension attributes are strings on the wire in binary mode
 * and kept as strings in the log) or a JSON value into the Java value of a column kind, or refuses
 * it: a value is written only if it fits, never rounded, clipped or guessed.
 */
final class ValueFit {
  private static final Pattern NUMBER =
      Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");

  private ValueFit() {}

  static Object fromText(Columns.Kind kind, String text) {
    return switch (kind) {
      case STRING -> text;
      case INT -> (int) integer(text, Integer.MIN_VALUE, Integer.MAX_VALUE, "an int");
      case LONG -> integer(text, Long.MIN_VALUE, Long.MAX_VALUE, "a long");
      case DOUBLE -> number(text, Double.MAX_VALUE, "a double");
      case FLOAT -> (float) number(text, Float.MAX_VALUE, "a float");
      case BOOLEAN -> bool(text);
      default -> throw new IllegalArgumentException("not a promoted kind: " + kind);
    };
  }

  /** The value at the parser's current token; leaves an object or array unread for the caller. */
  static Object fromJson(Columns.Kind kind, JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      throw new UnfitValueException(
          "is " + (t == JsonToken.START_OBJECT ? "an object" : "an array") + ", not " + of(kind));
    }
    return fromText(kind, p.getText());
  }

  private static long integer(String text, long min, long max, String what) {
    String s = text.trim();
    if (!isInteger(s)) {
      throw new UnfitValueException(quoted(text) + " is not " + what);
    }
    try {
      long v = Long.parseLong(s);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // longer than a long: the same refusal
    }
    throw new UnfitValueException(clip(s) + " does not fit " + what);
  }

  /**
   * An optional minus and 1 to 40 ASCII digits. A loop, not a regex: the writer reads every
   * promoted value again, and a matcher per value was a tenth of a flush's CPU.
   */
  private static boolean isInteger(String s) {
    int start = s.startsWith("-") ? 1 : 0;
    int digits = s.length() - start;
    if (digits < 1 || digits > 40) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static double number(String text, double max, String what) {
    String s = text.trim();
    if (!NUMBER.matcher(s).matches()) {
      throw new UnfitValueException(quoted(text) + " is not " + what);
    }
    double v = Double.parseDouble(s);
    if (Double.isInfinite(v) || Math.abs(v) > max) {
      throw new UnfitValueException(clip(s) + " does not fit " + what);
    }
    return v;
  }

  private static boolean bool(String text) {
    return switch (text.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new UnfitValueException(quoted(text) + " is not a boolean");
    };
  }

  private static String of(Columns.Kind kind) {
    return switch (kind) {
      case INT -> "an int";
      case STRING -> "a string";
      default -> "a " + kind.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String quoted(String text) {
    return "'" + clip(text) + "'";
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
