package dev.floe.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * Limits on what one client can make Floe do, beyond the size limits of {@link FloeSettings}.
 *
 * @param eventMaxAgeMillis events whose time is older are refused ({@code FLOE_EVENT_MAX_AGE})
 * @param eventMaxLeadMillis events whose time is further ahead are refused ({@code
 *     FLOE_EVENT_MAX_LEAD})
 * @param bodyTimeoutMillis a body still arriving after this is refused with 408 ({@code
 *     FLOE_BODY_TIMEOUT})
 * @param maxReadingBytes memory all bodies being read at once may take ({@code
 *     FLOE_MAX_READING_MB})
 * @param eventsPerSecond events a client (ingest key, or address when keys are off) may send a
 *     second, 0 for no limit ({@code FLOE_RATE_EVENTS_PER_SECOND})
 * @param requestsPerSecond requests a client may send a second, 0 for no limit ({@code
 *     FLOE_RATE_REQUESTS_PER_SECOND})
 * @param maxRequestPartitions partitions (type x hour) one request may touch ({@code
 *     FLOE_MAX_REQUEST_PARTITIONS}): each is a Parquet file of the next flush
 * @param maxOpenPartitions partitions with a buffer, over all requests ({@code
 *     FLOE_MAX_OPEN_PARTITIONS}); a request that would open one more is refused
 * @param maxEventTypes distinct event types with a buffer ({@code FLOE_MAX_EVENT_TYPES}); a request
 *     bringing one more is refused
 */
public record IngestLimits(
    long eventMaxAgeMillis,
    long eventMaxLeadMillis,
    long bodyTimeoutMillis,
    long maxReadingBytes,
    int eventsPerSecond,
    int requestsPerSecond,
    int maxRequestPartitions,
    int maxOpenPartitions,
    int maxEventTypes) {

  public static IngestLimits from(Function<String, Optional<String>> lookup) {
    return new IngestLimits(
        Durations.read(lookup, "floe.event.max.age", "3650d", 60_000, 100L * 365 * 86_400_000),
        Durations.read(lookup, "floe.event.max.lead", "1h", 0, 10L * 365 * 86_400_000),
        Durations.read(lookup, "floe.body.timeout", "30s", 1000, 3_600_000),
        Durations.integer(lookup, "floe.max.reading.mb", 256, 1, 1 << 20) * 1024L * 1024L,
        Durations.integer(lookup, "floe.rate.events.per.second", 0, 0, 100_000_000),
        Durations.integer(lookup, "floe.rate.requests.per.second", 0, 0, 10_000_000),
        Durations.integer(lookup, "floe.max.request.partitions", 100, 1, 1_000_000),
        Durations.integer(lookup, "floe.max.open.partitions", 10_000, 1, 10_000_000),
        Durations.integer(lookup, "floe.max.event.types", 1_000, 1, 1_000_000));
  }

  public boolean rateLimited() {
    return eventsPerSecond > 0 || requestsPerSecond > 0;
  }

  @Override
  public String toString() {
    return "eventWindow=-"
        + eventMaxAgeMillis / 1000
        + "s..+"
        + eventMaxLeadMillis / 1000
        + "s, bodyTimeoutMs="
        + bodyTimeoutMillis
        + ", maxRequestPartitions="
        + maxRequestPartitions
        + ", maxOpenPartitions="
        + maxOpenPartitions
        + ", maxEventTypes="
        + maxEventTypes
        + ", maxReadingBytes="
        + maxReadingBytes
        + (rateLimited()
            ? ", rate=" + eventsPerSecond + " events/s, " + requestsPerSecond + " requests/s"
            : "");
  }

  /** Reading of durations ({@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 7d}). */
  static final class Durations {
    private Durations() {}

    static long read(
        Function<String, Optional<String>> lookup,
        String key,
        String fallback,
        long min,
        long max) {
      String v = lookup.apply(key).map(String::trim).filter(s -> !s.isEmpty()).orElse(fallback);
      long ms = parse(v);
      if (ms < 0) {
        throw new IllegalArgumentException(
            env(key) + " (" + key + ") = " + v + " must be a duration such as 30s, 15m, 1h or 7d");
      }
      if (ms < min || ms > max) {
        throw new IllegalArgumentException(
            env(key) + " (" + key + ") = " + v + " must be between " + min + " and " + max + " ms");
      }
      return ms;
    }

    static int integer(
        Function<String, Optional<String>> lookup, String key, int fallback, int min, int max) {
      String v = lookup.apply(key).map(String::trim).filter(s -> !s.isEmpty()).orElse("");
      if (v.isEmpty()) {
        return fallback;
      }
      try {
        int n = Integer.parseInt(v);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // refused below
      }
      throw new IllegalArgumentException(
          env(key) + " (" + key + ") = " + v + " must be an integer from " + min + " to " + max);
    }

    /** Milliseconds, or -1 when {@code v} is not a duration. */
    static long parse(String v) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("(\\d{1,12})(ms|s|m|h|d)?").matcher(v);
      if (!m.matches()) {
        return -1;
      }
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "ms" : m.group(2);
      return switch (unit) {
        case "ms" -> n;
        case "s" -> n * 1000;
        case "m" -> n * 60_000;
        case "h" -> n * 3_600_000;
        default -> n * 86_400_000;
      };
    }

    private static String env(String key) {
      return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }
  }
}
