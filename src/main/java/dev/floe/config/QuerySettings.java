package dev.floe.config;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The bounds and keys of {@code /query}: who may ask (the admin token, a query key, or loopback
 * when neither is set) and how much one query may cost. Keys are kept only as SHA-256 digests.
 *
 * @param tokens digests of {@code FLOE_QUERY_TOKENS} (comma-separated); empty: admin rules only
 * @param defaultRows rows answered when {@code limit} is not given
 * @param maxRows the largest {@code limit} accepted ({@code FLOE_QUERY_MAX_ROWS})
 * @param maxFiles data files one query may plan before it must be narrowed ({@code
 *     FLOE_QUERY_MAX_FILES})
 * @param timeoutMs the time budget of one query; past it the answer ends early, saying so ({@code
 *     FLOE_QUERY_TIMEOUT_MS})
 */
public record QuerySettings(
    List<byte[]> tokens, int defaultRows, int maxRows, int maxFiles, long timeoutMs) {

  static final String TOKENS = "floe.query.tokens";
  static final String MAX_ROWS = "floe.query.max.rows";
  static final String MAX_FILES = "floe.query.max.files";
  static final String TIMEOUT = "floe.query.timeout.ms";
  private static final int MIN_KEY = 16;

  /** Reads the keys through {@code lookup}; a bad value throws, naming the key. */
  public static QuerySettings from(Function<String, Optional<String>> lookup) {
    List<byte[]> tokens =
        lookup
            .apply(TOKENS)
            .map(
                v ->
                    Arrays.stream(v.split(","))
                        .map(String::trim)
                        .filter(t -> !t.isEmpty())
                        .map(QuerySettings::longEnough)
                        .map(AccessSettings::digest)
                        .toList())
            .orElse(List.of());
    int maxRows = positive(lookup, MAX_ROWS, 100_000);
    return new QuerySettings(
        tokens,
        Math.min(1000, maxRows),
        maxRows,
        positive(lookup, MAX_FILES, 2000),
        positive(lookup, TIMEOUT, 30_000));
  }

  /** A key short enough to guess is refused at start, as the admin token is. */
  private static String longEnough(String key) {
    if (key.length() < MIN_KEY) {
      throw new IllegalArgumentException(
          "FLOE_QUERY_TOKENS ("
              + TOKENS
              + ") keys must be at least "
              + MIN_KEY
              + " characters long");
    }
    return key;
  }

  private static int positive(Function<String, Optional<String>> lookup, String key, int dflt) {
    String v = lookup.apply(key).map(String::trim).orElse("");
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        env(key) + " (" + key + ") must be a positive whole number, not '" + v + "'");
  }

  private static String env(String key) {
    return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
  }

  /** True when {@code presented} is one of the query keys; compared in constant time. */
  public boolean isQueryToken(String presented) {
    byte[] d = AccessSettings.digest(presented);
    boolean found = false;
    for (byte[] t : tokens) {
      found |= MessageDigest.isEqual(t, d);
    }
    return found;
  }

  /** For the settings log line: how many keys, never a key. */
  @Override
  public String toString() {
    return "queryKeys="
        + tokens.size()
        + ", maxRows="
        + maxRows
        + ", maxFiles="
        + maxFiles
        + ", timeoutMs="
        + timeoutMs;
  }
}
