package dev.floe.ingest;

import dev.floe.http.ProblemException;
import java.util.Enumeration;
import java.util.Locale;

/**
 * Whether a batch request asks for per-event results: {@code ?partial=true}, or the RFC 7240
 * preference {@code return=representation} among its {@code Prefer} headers.
 */
final class Prefer {
  private Prefer() {}

  /** How a batch is taken and answered. */
  enum Mode {
    /** The default: the first bad event refuses the batch. */
    ALL_OR_NOTHING,
    /** {@code ?partial=true}: bad events are refused by index. */
    PER_INDEX,
    /** {@code Prefer: return=representation}: by index, and a 202 lists every result too. */
    PER_INDEX_WITH_RESULTS
  }

  /** The mode a request asks for; 400 for a {@code partial} value other than true or false. */
  static Mode mode(String partial, Enumeration<String> preferHeaders) {
    boolean partialAsked = partialParameter(partial); // checked even when Prefer decides
    if (representation(preferHeaders)) {
      return Mode.PER_INDEX_WITH_RESULTS;
    }
    return partialAsked ? Mode.PER_INDEX : Mode.ALL_OR_NOTHING;
  }

  /** True for {@code partial=true}, false when absent or {@code false}; 400 for any other value. */
  static boolean partialParameter(String value) {
    if (value == null || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw ProblemException.badRequest("query parameter 'partial' must be true or false");
  }

  /** True when one of the {@code Prefer} header values holds {@code return=representation}. */
  static boolean representation(Enumeration<String> headers) {
    while (headers != null && headers.hasMoreElements()) {
      for (String preference : headers.nextElement().split(",")) {
        int semicolon = preference.indexOf(';'); // parameters of a preference: none matter here
        String token = semicolon < 0 ? preference : preference.substring(0, semicolon);
        int eq = token.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String name = token.substring(0, eq).trim();
        String value = token.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        if (name.equalsIgnoreCase("return")
            && value.toLowerCase(Locale.ROOT).equals("representation")) {
          return true;
        }
      }
    }
    return false;
  }
}
