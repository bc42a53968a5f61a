package dev.floe.config;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The dead-letter table ({@code FLOE_DEAD_LETTER}): where events go that passed validation but
 * cannot be written to their table, and how a replay sends them back.
 *
 * @param enabled {@code FLOE_DEAD_LETTER}, default off: turned on, events that were refused before
 *     (a promoted value that does not fit: 400) are answered 2xx and kept, which a sender that
 *     counts on the refusal must be told about, so the operator chooses it
 * @param namespace the table's namespace: the part of {@code FLOE_DEAD_LETTER_TABLE} before the
 *     last dot, default {@code ICEBERG_NAMESPACE}
 * @param name the table's name, default {@code dead_letter}
 * @param partitionFullKeeps {@code FLOE_PARTITION_FULL=dead-letter}: a partition over its cap sends
 *     the overflow to the dead-letter table instead of answering 507 ({@code refuse}, the default)
 * @param replayMaxRows the most rows one replay request takes ({@code FLOE_DEAD_LETTER_REPLAY_MAX})
 * @param replayLeaseMs how long a replay may hold the table before another may finish it
 */
public record DeadLetterSettings(
    boolean enabled,
    String namespace,
    String name,
    boolean partitionFullKeeps,
    int replayMaxRows,
    long replayLeaseMs) {

  static final String ENABLED = "floe.dead.letter";
  static final String TABLE = "floe.dead.letter.table";
  static final String PARTITION_FULL = "floe.partition.full";
  static final String REPLAY_MAX = "floe.dead.letter.replay.max";
  static final String LEASE = "floe.dead.letter.replay.lease.ms";

  /** {@code namespace.name}. */
  public String qualifiedName() {
    return namespace + "." + name;
  }

  /** The table's location under the warehouse or bucket: {@code <namespace>/<name>}. */
  public String location() {
    return namespace.replace('.', '/') + "/" + name;
  }

  /** Reads the keys through {@code lookup}; a bad value throws, naming the key. */
  public static DeadLetterSettings from(Function<String, Optional<String>> lookup) {
    String ns = value(lookup, "iceberg.namespace").orElse("analytics");
    boolean enabled = value(lookup, ENABLED).map(v -> bool(ENABLED, v)).orElse(false);
    String table = value(lookup, TABLE).orElse(ns + ".dead_letter");
    int dot = table.lastIndexOf('.');
    if (dot <= 0 || dot == table.length() - 1 || !table.matches("[A-Za-z0-9_.]+")) {
      throw new IllegalArgumentException(
          env(TABLE) + " (" + TABLE + ") must be <namespace>.<name>, not '" + table + "'");
    }
    String full = value(lookup, PARTITION_FULL).orElse("refuse").toLowerCase(Locale.ROOT);
    if (!full.equals("refuse") && !full.equals("dead-letter")) {
      throw new IllegalArgumentException(
          env(PARTITION_FULL)
              + " ("
              + PARTITION_FULL
              + ") must be refuse or dead-letter, not '"
              + full
              + "'");
    }
    if (full.equals("dead-letter") && !enabled) {
      throw new IllegalArgumentException(
          env(PARTITION_FULL)
              + "=dead-letter needs the dead-letter table ("
              + env(ENABLED)
              + "=true)");
    }
    return new DeadLetterSettings(
        enabled,
        table.substring(0, dot),
        table.substring(dot + 1),
        full.equals("dead-letter"),
        (int) positive(lookup, REPLAY_MAX, 10_000),
        positive(lookup, LEASE, 300_000));
  }

  private static Optional<String> value(Function<String, Optional<String>> lookup, String key) {
    return lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static boolean bool(String key, String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              env(key) + " (" + key + ") must be true or false, not '" + v + "'");
    };
  }

  private static long positive(Function<String, Optional<String>> lookup, String key, long dflt) {
    Optional<String> v = value(lookup, key);
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.get());
      if (n > 0 && n <= Integer.MAX_VALUE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        env(key) + " (" + key + ") must be a positive whole number, not '" + v.get() + "'");
  }

  private static String env(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  @Override
  public String toString() {
    return enabled
        ? "deadLetter="
            + qualifiedName()
            + (partitionFullKeeps ? ", partitionFull=dead-letter" : "")
        : "deadLetter=off";
  }
}
