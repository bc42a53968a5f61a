package dev.floe.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting Floe reads, each declared once with its default and its check. Keys are
 * MicroProfile Config names; the environment form (upper case, dots as underscores) is the seed's
 * name, e.g. {@code iceberg.buffer.size} is {@code ICEBERG_BUFFER_SIZE}.
 */
public record FloeSettings(
    String catalogEndpoint,
    Secret catalogToken,
    String catalogWarehouse,
    boolean adminDropEnabled,
    String namespace,
    String tableName,
    String tableLocation,
    Path warehouse,
    Storage storage,
    int bufferSize,
    long bufferTimeoutMs,
    int maxBufferSize,
    long maxBufferBytes,
    int compactionThreshold,
    int maxEventBytes,
    int maxBatchBytes,
    int maxBatchEvents,
    long flushRetryMaxMs,
    Wal wal,
    long dedupWindowMillis) {

  private static final int MIB = 1024 * 1024;

  /** Reads and checks every key; throws {@link IllegalArgumentException} naming the bad key. */
  public static FloeSettings from(Function<String, Optional<String>> lookup) {
    Reader r = new Reader(lookup);
    if (!r.bool("use.iceberg", true)) {
      throw new IllegalArgumentException(
          "USE_ICEBERG (use.iceberg) = false is not supported yet: Floe writes Iceberg tables only");
    }
    FloeSettings s =
        new FloeSettings(
            r.string("r2.catalog.endpoint", ""),
            new Secret(r.string("r2.catalog.auth.token", "")),
            r.string("iceberg.warehouse", ""),
            r.bool("floe.admin.drop.enabled", false),
            r.name("iceberg.namespace", "analytics"),
            r.name("iceberg.table.name", "events"),
            r.location("iceberg.table.location", "analytics/events"),
            Path.of(r.string("floe.warehouse", "./data/warehouse")),
            r.storage(),
            r.integer("iceberg.buffer.size", 2000, 1, 1_000_000),
            r.integer("iceberg.buffer.timeout.ms", 30_000, 100, 86_400_000),
            r.integer("iceberg.max.buffer.size", 5000, 1, 10_000_000),
            r.integer("floe.max.buffer.mb", 512, 1, 1 << 20) * (long) MIB,
            r.integer("compaction.threshold", 10, 2, 100_000),
            r.integer("floe.max.event.bytes", MIB, 1024, 256 * MIB),
            r.integer("floe.max.batch.bytes", 10 * MIB, 1024, 1024 * MIB),
            r.integer("floe.max.batch.events", 10_000, 1, 1_000_000),
            r.integer("floe.flush.retry.max.ms", 60_000, 100, 3_600_000),
            r.wal(),
            r.duration("floe.dedup.window", "0"));
    if (s.bufferSize > s.maxBufferSize) {
      throw new IllegalArgumentException(
          "ICEBERG_BUFFER_SIZE (iceberg.buffer.size) = "
              + s.bufferSize
              + " must not exceed ICEBERG_MAX_BUFFER_SIZE (iceberg.max.buffer.size) = "
              + s.maxBufferSize);
    }
    return s;
  }

  /** True when the catalog is an Iceberg REST catalog rather than metadata files we manage. */
  public boolean restCatalog() {
    String e = catalogEndpoint.toLowerCase(java.util.Locale.ROOT);
    return e.startsWith("http://") || e.startsWith("https://");
  }

  /** The settings as a log line; secrets masked. */
  public String describe() {
    return "catalog="
        + (restCatalog() ? "rest " + catalogEndpoint : "direct")
        + ", token="
        + catalogToken
        + (catalogWarehouse.isEmpty() ? "" : ", catalogWarehouse=" + catalogWarehouse)
        + ", table="
        + namespace
        + "."
        + tableName
        + ", location="
        + tableLocation
        + (storage.isS3()
            ? ", " + storage
            : ", warehouse=" + warehouse.toAbsolutePath().normalize())
        + ", bufferSize="
        + bufferSize
        + ", bufferTimeoutMs="
        + bufferTimeoutMs
        + ", maxBufferSize="
        + maxBufferSize
        + ", maxBufferBytes="
        + maxBufferBytes
        + ", "
        + wal
        + (dedupWindowMillis > 0 ? ", dedupWindowMs=" + dedupWindowMillis : "");
  }

  /**
   * Where data and metadata files go: an S3-compatible bucket (Cloudflare R2 or any other) when an
   * endpoint is set, else the local warehouse folder.
   */
  public record Storage(
      String endpoint, String bucket, Secret accessKeyId, Secret secretAccessKey, String region) {

    public boolean isS3() {
      return !endpoint.isEmpty();
    }

    /** True when the keys come from the settings rather than the SDK's default chain. */
    public boolean hasKeys() {
      return accessKeyId.isSet();
    }

    @Override
    public String toString() {
      return isS3()
          ? "storage=s3 "
              + endpoint
              + " bucket="
              + bucket
              + " region="
              + region
              + " keys="
              + (hasKeys() ? "****" : "(default chain)")
          : "storage=local";
    }
  }

  /**
   * The write-ahead log: where it lives, when a request is acknowledged ({@code fsync}: its record
   * is on disk; {@code write}: written to the OS; {@code none}: no log, events live in memory until
   * their flush), its size limits, and this node's id in the table's snapshot summaries.
   */
  public record Wal(
      Path dir, String ack, long maxBytes, long segmentBytes, long syncWaitMicros, String nodeId) {

    public boolean enabled() {
      return !ack.equals("none");
    }

    @Override
    public String toString() {
      return enabled()
          ? "wal=" + dir.toAbsolutePath().normalize() + " ack=" + ack + " maxBytes=" + maxBytes
          : "wal=off";
    }
  }

  /** A value that prints as a mask, so it cannot leak through a log line or an error. */
  public record Secret(String value) {
    public boolean isSet() {
      return !value.isEmpty();
    }

    @Override
    public String toString() {
      return isSet() ? "****" : "(unset)";
    }
  }

  private record Reader(Function<String, Optional<String>> lookup) {

    String string(String key, String fallback) {
      return lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(fallback);
    }

    boolean bool(String key, boolean fallback) {
      String v = string(key, Boolean.toString(fallback)).toLowerCase(java.util.Locale.ROOT);
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
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("(\\d{1,9})([smhd]?)")
              .matcher(v.toLowerCase(java.util.Locale.ROOT));
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
        return java.time.Duration.parse(v).toMillis();
      } catch (java.time.format.DateTimeParseException e) {
        throw bad(key, v, "must be a duration such as 0, 90s, 10m, 2h or PT10M");
      }
    }

    Wal wal() {
      String ack = string("floe.ack", "fsync").toLowerCase(java.util.Locale.ROOT);
      if (!ack.matches("fsync|write|none")) {
        throw bad("floe.ack", ack, "must be fsync, write or none");
      }
      String node = string("floe.node.id", "");
      if (!node.isEmpty() && !node.matches("[A-Za-z0-9_-]{1,64}")) {
        throw bad("floe.node.id", node, "must be 1 to 64 letters, digits, '_' or '-'");
      }
      long max = integer("floe.wal.max.bytes", 1 << 30, 64 * 1024, Integer.MAX_VALUE);
      long segment =
          Math.min(
              integer("floe.wal.segment.mb", 64, 1, 1024) * (long) MIB,
              Math.max(16 * 1024, max / 4));
      return new Wal(
          Path.of(string("floe.wal.dir", "./data/wal")),
          ack,
          max,
          segment,
          integer("floe.wal.sync.wait.micros", 0, 0, 100_000),
          node);
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
      java.net.URI uri;
      try {
        uri = new java.net.URI(endpoint);
      } catch (java.net.URISyntaxException e) {
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
          || java.util.Arrays.asList(trimmed.split("/")).stream()
              .anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."))) {
        throw bad(key, v, "must be a relative path of letters, digits, '.', '_', '-' and '/'");
      }
      return trimmed;
    }

    private static IllegalArgumentException bad(String key, String value, String rule) {
      String env = key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
      return new IllegalArgumentException(env + " (" + key + ") " + rule + ", got '" + value + "'");
    }
  }
}
