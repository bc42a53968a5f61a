package dev.floe.cloudevents;

import java.time.Instant;

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
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
      return null;
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    // by arithmetic: building a LocalDateTime, then an Instant, then truncating cost three objects
    // and their range checks per event, a few percent of a single event's CPU
    long seconds = epochDay(year, month, day) * 86_400L + hour * 3600 + minute * 60 + second;
    return Instant.ofEpochSecond(seconds - offsetSeconds, nanos - nanos % 1000);
  }

  private static int daysIn(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse). */
  static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
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
