package dev.floe.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** The credential of an {@code Authorization} header: a bearer token, or a Basic password. */
final class Bearer {
  private Bearer() {}

  /**
   * The token of {@code Bearer <token>}, or the password of {@code Basic <base64 user:password>}
   * when {@code basic} (what a browser sends after a Basic challenge); null when absent or
   * malformed.
   */
  static String token(String header, boolean basic) {
    if (header == null) {
      return null;
    }
    String h = header.trim();
    int space = h.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String scheme = h.substring(0, space).toLowerCase(Locale.ROOT);
    String value = h.substring(space + 1).trim();
    if (value.isEmpty()) {
      return null;
    }
    if (scheme.equals("bearer")) {
      return value;
    }
    if (basic && scheme.equals("basic")) {
      try {
        String pair = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        return colon < 0 ? null : pair.substring(colon + 1);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }
}
