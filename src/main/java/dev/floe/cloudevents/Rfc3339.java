package dev.floe.cloudevents;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Parses RFC 3339 timestamps ({@code 2024-01-15T14:30:00Z}, {@code ...00.123456+02:00}) strictly:
 * seconds and an offset are required. Hand-written because the JDK's ISO parsers accept forms RFC
 * 3339 does not (missing seconds, offsets with seconds) and cost more per call.
 */
final class Rfc3339 {
  private Rfc3339() {}

  /** The instant, truncated to microseconds (the table's precision); null when not RFC 3339. */
  static Instant parse(String s) {
    int n = s.length();
    if (n < 20 || n > 64) {
      return null;
    }
    if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    char t = s.charAt(10);
    if (t != 'T' && t != 't') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && isDigit(s.charAt(i))) {
        if (i - start < 9) {
          nanos = nanos * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int count = i - start;
      if (count == 0) {
        return null;
      }
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offsetSeconds = offset(s, i);
    if (offsetSeconds == Integer.MIN_VALUE) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
          .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds))
          .truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int offset(String s, int i) {
    int n = s.length();
    if (i == n - 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
      return 0;
    }
    if (i != n - 6 || s.charAt(i + 3) != ':') {
      return Integer.MIN_VALUE;
    }
    char sign = s.charAt(i);
    int hours = digits(s, i + 1, 2);
    int minutes = digits(s, i + 4, 2);
    if ((sign != '+' && sign != '-') || hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
      return Integer.MIN_VALUE;
    }
    int total = hours * 3600 + minutes * 60;
    return sign == '-' ? -total : total;
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
