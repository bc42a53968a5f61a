package dev.floe.config;

import dev.floe.config.FloeSettings.Buffers;
import dev.floe.config.FloeSettings.Catalog;
import dev.floe.config.FloeSettings.Limits;
import dev.floe.config.FloeSettings.Secret;
import dev.floe.config.FloeSettings.Storage;
import dev.floe.config.FloeSettings.Table;
import dev.floe.config.FloeSettings.Wal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link FloeSettings} from a key lookup: each key once, with its default and its check, one
 * method per group. A bad value throws {@link IllegalArgumentException} naming the key in both its
 * environment and its config form.
 */
final class SettingsReader {
  private static final int MIB = 1024 * 1024;
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd]?)");

  private final Function<String, Optional<String>> lookup;

  SettingsReader(Function<String, Optional<String>> lookup) {
    this.lookup = lookup;
  }

  FloeSettings settings() {
    Buffers buffers = buffers();
    Limits limits = limits();
    Wal wal = wal();
    together(buffers, limits, wal);
    Table table = table();
    FloeSettings.Objects objects = objects();
    return new FloeSettings(
        catalog(),
        table,
        Path.of(string("floe.warehouse", "./data/warehouse")),
        storage(),
        buffers,
        limits,
        wal,
        MaintenanceSettings.read(this),
        objects,
        RoutesReader.read(
            string(RoutesReader.KEY, ""),
            new RoutedTable(table, buffers.size(), buffers.timeoutMs(), buffers.maxSize()),
            objects.enabled()));
  }

  /** USE_ICEBERG=false: flushes write plain objects ({@code ndjson} or {@code parquet}). */
  FloeSettings.Objects objects() {
    String format = string("floe.object.format", "ndjson").toLowerCase(Locale.ROOT);
    if (!format.matches("ndjson|parquet")) {
      throw new IllegalArgumentException(
          "FLOE_OBJECT_FORMAT (floe.object.format) = '"
              + format
              + "' is not one of ndjson, parquet");
    }
    return new FloeSettings.Objects(!bool("use.iceberg", true), format);
  }

  /** Largest log record the write-ahead log reads back (WriteAheadLog.MAX_RECORD_BYTES). */
  static final long LOG_RECORD_MAX = 512L * MIB;

  /** Room one event takes in its log record beyond its body: attributes, request facts, times. */
  static final long LOG_BYTES_PER_EVENT = 2048;

  /**
   * Refuses limits that cannot work together: a request every limit lets in must fit one log record
   * (else recovery would read it as torn and drop it) and the memory budget (else it is refused
   * every time, after being read in full). A small FLOE_WAL_MAX_BYTES stays allowed: a request that
   * does not fit is refused with that key named, and nothing is lost.
   */
  private static void together(Buffers buffers, Limits limits, Wal wal) {
    long batch = limits.maxBatchBytes();
    if (wal.enabled()) {
      long record = batch + limits.maxBatchEvents() * LOG_BYTES_PER_EVENT;
      if (record > LOG_RECORD_MAX) {
        throw new IllegalArgumentException(
            "FLOE_MAX_BATCH_BYTES (floe.max.batch.bytes) = "
                + batch
                + " with FLOE_MAX_BATCH_EVENTS (floe.max.batch.events) = "
                + limits.maxBatchEvents()
                + " allows a request whose log record (up to "
                + record
                + " bytes) exceeds the "
                + LOG_RECORD_MAX
                + " bytes the write-ahead log reads back; lower either");
      }
    }
    if (batch > buffers.maxBytes()) {
      throw new IllegalArgumentException(
          "FLOE_MAX_BATCH_BYTES (floe.max.batch.bytes) = "
              + batch
              + " exceeds FLOE_MAX_BUFFER_MB (floe.max.buffer.mb) = "
              + buffers.maxBytes() / MIB
              + " MiB: such a request could never be buffered");
    }
  }

  Catalog catalog() {
    return new Catalog(
        string("r2.catalog.endpoint", ""),
        new Secret(string("r2.catalog.auth.token", "")),
        string("iceberg.warehouse", ""),
        bool("floe.admin.drop.enabled", false),
        bool("floe.single.writer", false));
  }

  Table table() {
    return new Table(
        name("iceberg.namespace", "analytics"),
        name("iceberg.table.name", "events"),
        location("iceberg.table.location", "analytics/events"),
        Promotion.parseAll("floe.columns", string("floe.columns", "")));
  }

  Buffers buffers() {
    Buffers b =
        new Buffers(
            integer("iceberg.buffer.size", 2000, 1, 1_000_000),
            integer("iceberg.buffer.timeout.ms", 30_000, 100, 86_400_000),
            integer("iceberg.max.buffer.size", 5000, 1, 10_000_000),
            integer("floe.max.buffer.mb", 512, 1, 1 << 20) * (long) MIB,
            integer("floe.flush.retry.max.ms", 60_000, 100, 3_600_000),
            nonNegative("floe.dedup.window", duration("floe.dedup.window", "0")));
    if (b.size() > b.maxSize()) {
      throw new IllegalArgumentException(
          "ICEBERG_BUFFER_SIZE (iceberg.buffer.size) = "
              + b.size()
              + " must not exceed ICEBERG_MAX_BUFFER_SIZE (iceberg.max.buffer.size) = "
              + b.maxSize());
    }
    return b;
  }

  Limits limits() {
    return new Limits(
        integer("floe.max.event.bytes", MIB, 1024, 256 * MIB),
        integer("floe.max.batch.bytes", 10 * MIB, 1024, 1024 * MIB),
        integer("floe.max.batch.events", 10_000, 1, 1_000_000));
  }

  Wal wal() {
    String ack = string("floe.ack", "fsync").toLowerCase(Locale.ROOT);
    if (!ack.matches("fsync|write|commit|none")) {
      throw bad("floe.ack", ack, "must be fsync, write, commit or none");
    }
    String node = string("floe.node.id", "");
    if (!node.isEmpty() && !node.matches("[A-Za-z0-9_-]{1,64}")) {
      throw bad("floe.node.id", node, "must be 1 to 64 letters, digits, '_' or '-'");
    }
    long max = integer("floe.wal.max.bytes", 1 << 30, 64 * 1024, Integer.MAX_VALUE);
    long segment =
        Math.min(
            integer("floe.wal.segment.mb", 64, 1, 1024) * (long) MIB, Math.max(16 * 1024, max / 4));
    return new Wal(
        Path.of(string("floe.wal.dir", "./data/wal")),
        ack,
        max,
        segment,
        integer("floe.wal.sync.wait.micros", 0, 0, 100_000),
        node,
        integer("floe.ack.timeout.ms", 30_000, 100, 600_000));
  }

  Storage storage() {
    String endpoint = string("r2.endpoint", "");
    Secret id = new Secret(string("r2.access.key.id", ""));
    Secret secret = new Secret(string("r2.secret.access.key", ""));
    String region = string("r2.region", "auto");
    String bucket = string("r2.bucket", "");
    if (endpoint.isEmpty()) {
      return new Storage("", bucket, id, secret, region);
    }
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw bad("r2.endpoint", endpoint, "must be an http:// or https:// URL");
    }
    if (uri.getScheme() == null
        || !uri.getScheme().matches("(?i)https?")
        || uri.getHost() == null
        || uri.getRawUserInfo() != null) {
      // a URL with user:password@ would put a secret where logs show the endpoint
      throw bad(
          "r2.endpoint",
          uri.getRawUserInfo() != null ? "(a URL with credentials)" : endpoint,
          "must be an http:// or https:// URL without credentials");
    }
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw bad(
          "r2.bucket",
          bucket,
          "must name the bucket: 3 to 63 lower-case letters, digits, '.', '-'");
    }
    if (id.isSet() != secret.isSet()) {
      throw new IllegalArgumentException(
          "R2_ACCESS_KEY_ID (r2.access.key.id) and R2_SECRET_ACCESS_KEY (r2.secret.access.key)"
              + " must be set together");
    }
    if (!region.matches("[a-z0-9-]{1,32}")) {
      throw bad("r2.region", region, "must be a region name such as auto or us-east-1");
    }
    return new Storage(endpoint.replaceAll("/+$", ""), bucket, id, secret, region);
  }

  String string(String key, String fallback) {
    return lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(fallback);
  }

  boolean bool(String key, boolean fallback) {
    String v = string(key, Boolean.toString(fallback)).toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw bad(key, v, "must be true or false");
    };
  }

  int integer(String key, int fallback, int min, int max) {
    String v = string(key, Integer.toString(fallback));
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw bad(key, v, "must be an integer");
    }
    if (n < min || n > max) {
      throw bad(key, v, "must be between " + min + " and " + max);
    }
    return n;
  }

  /** A duration: 0 (off), seconds/minutes/hours/days as 90s, 10m, 2h, 1d, or ISO-8601 (PT10M). */
  long duration(String key, String fallback) {
    String v = string(key, fallback).trim();
    Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "", "s" -> n * 1000;
        case "m" -> n * 60_000;
        case "h" -> n * 3_600_000;
        default -> n * 86_400_000;
      };
    }
    try {
      return Duration.parse(v).toMillis();
    } catch (DateTimeParseException e) {
      throw bad(key, v, "must be a duration such as 0, 90s, 10m, 2h or PT10M");
    }
  }

  /** A negative duration would silently turn the feature off: refused instead. */
  long nonNegative(String key, long millis) {
    if (millis < 0) {
      throw bad(key, string(key, ""), "must not be negative (0 turns it off)");
    }
    return millis;
  }

  String name(String key, String fallback) {
    String v = string(key, fallback);
    if (!v.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
      throw bad(key, v, "must be letters, digits and underscores, starting with a letter");
    }
    return v;
  }

  String location(String key, String fallback) {
    String v = string(key, fallback);
    String trimmed = v.replaceAll("^/+|/+$", "");
    if (trimmed.isEmpty()
        || !trimmed.matches("[A-Za-z0-9._/-]+")
        || Arrays.stream(trimmed.split("/"))
            .anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."))) {
      throw bad(key, v, "must be a relative path of letters, digits, '.', '_', '-' and '/'");
    }
    return trimmed;
  }

  static IllegalArgumentException bad(String key, String value, String rule) {
    String env = key.toUpperCase(Locale.ROOT).replace('.', '_');
    return new IllegalArgumentException(env + " (" + key + ") " + rule + ", got '" + value + "'");
  }
}
