package dev.floe.cloudevents;

/** Small string checks shared by the readers. */
public final class Text {
  private Text() {}

  /** At most {@code max} chars of {@code s}, for echoing client input in a problem detail. */
  public static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  /** True when {@code s} holds a C0 control character (U+0000..U+001F) or DEL. */
  public static boolean hasControl(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /** The length of {@code s} in UTF-8 bytes (unpaired surrogates count as the 3 bytes of '?'). */
  static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * Longest attribute name taken. The spec only recommends 20 ("SHOULD NOT exceed"), and SDKs and
   * senders use longer ones; the cap keeps a name a name, not a payload.
   */
  static final int MAX_NAME_CHARS = 128;

  /**
   * True when {@code s} is a CloudEvents attribute name: 1 to {@value #MAX_NAME_CHARS} of [a-z0-9].
   */
  static boolean isAttributeName(String s) {
    int n = s.length();
    if (n == 0 || n > MAX_NAME_CHARS) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }
}
