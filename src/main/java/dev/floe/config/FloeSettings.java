package dev.floe.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every setting Floe reads, each declared once with its default and its check (in {@link
 * SettingsReader}), grouped by capability. Keys are MicroProfile Config names; the environment form
 * (upper case, dots as underscores) is the seed's name, e.g. {@code iceberg.buffer.size} is {@code
 * ICEBERG_BUFFER_SIZE}.
 *
 * @param warehouse the local warehouse folder, used when {@link Storage} names no bucket
 * @param maintenance compaction, snapshot expiry and cleanup of the table
 * @param objects whether flushes write plain objects instead of committing the table
 * @param routes which table each event type goes to ({@code FLOE_ROUTES})
 */
public record FloeSettings(
    Catalog catalog,
    Table table,
    Path warehouse,
    Storage storage,
    Buffers buffers,
    Limits limits,
    Wal wal,
    MaintenanceSettings maintenance,
    Objects objects,
    Routes routes) {

  /** Reads and checks every key; throws {@link IllegalArgumentException} naming the bad key. */
  public static FloeSettings from(Function<String, Optional<String>> lookup) {
    return new SettingsReader(lookup).settings();
  }

  /** The settings as a log line; secrets masked. */
  public String describe() {
    return catalog
        + ", table="
        + table.qualifiedName()
        + (table.columns.isEmpty() ? "" : ", columns=" + table.columns)
        + (routes.explicit() ? ", routes=" + routes : "")
        + ", location="
        + table.location
        + (storage.isS3()
            ? ", " + storage
            : ", warehouse=" + warehouse.toAbsolutePath().normalize())
        + ", "
        + buffers
        + ", "
        + wal
        + (buffers.dedupWindowMillis > 0 ? ", dedupWindowMs=" + buffers.dedupWindowMillis : "")
        + ", "
        + (objects.enabled() ? objects : maintenance);
  }

  /**
   * {@code USE_ICEBERG=false}: each flush writes plain objects under the table location ({@code
   * FLOE_OBJECT_FORMAT}: gzipped NDJSON CloudEvents, or Parquet with the table's columns) and no
   * table exists; maintenance is off.
   */
  public record Objects(boolean enabled, String format) {
    public boolean parquet() {
      return format.equals("parquet");
    }

    @Override
    public String toString() {
      return enabled ? "useIceberg=false, objectFormat=" + format : "useIceberg=true";
    }
  }

  /**
   * Which catalog holds the table: an Iceberg REST catalog at {@code endpoint} (with its bearer
   * token and warehouse), or, when no http(s) endpoint is set, metadata files Floe manages itself.
   *
   * @param dropEnabled whether the debug API may drop tables of the catalog
   * @param singleWriter the operator declares this node the table's only writer ({@code
   *     FLOE_SINGLE_WRITER}): the direct catalog then commits even on a store that ignores
   *     conditional writes
   */
  public record Catalog(
      String endpoint, Secret token, String warehouse, boolean dropEnabled, boolean singleWriter) {

    /** True when the catalog is an Iceberg REST catalog rather than metadata files we manage. */
    public boolean rest() {
      String e = endpoint.toLowerCase(Locale.ROOT);
      return e.startsWith("http://") || e.startsWith("https://");
    }

    @Override
    public String toString() {
      return "catalog="
          + (rest() ? "rest " + endpoint : "direct")
          + ", token="
          + token
          + (warehouse.isEmpty() ? "" : ", catalogWarehouse=" + warehouse)
          + (singleWriter ? ", singleWriter=true" : "");
    }
  }

  /** The events table: its namespace and name in the catalog, its location under the warehouse. */
  /**
   * @param columns the attributes {@code FLOE_COLUMNS} promotes to columns of their own
   */
  public record Table(String namespace, String name, String location, List<Promotion> columns) {

    /** A table without promoted columns. */
    public Table(String namespace, String name, String location) {
      this(namespace, name, location, List.of());
    }

    /** {@code namespace.name}. */
    public String qualifiedName() {
      return namespace + "." + name;
    }
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
   * The partition buffers: a buffer flushes at {@code size} events or when its oldest is {@code
   * timeoutMs} old, never holds more than {@code maxSize}; all of them together hold at most {@code
   * maxBytes}. Failed flushes retry with backoff up to {@code flushRetryMaxMs}; retried events are
   * recognised for {@code dedupWindowMillis} (0: off).
   */
  public record Buffers(
      int size,
      long timeoutMs,
      int maxSize,
      long maxBytes,
      long flushRetryMaxMs,
      long dedupWindowMillis) {

    @Override
    public String toString() {
      return "bufferSize="
          + size
          + ", bufferTimeoutMs="
          + timeoutMs
          + ", maxBufferSize="
          + maxSize
          + ", maxBufferBytes="
          + maxBytes;
    }
  }

  /** What one request may carry: bytes of a single event, bytes and events of a batch. */
  public record Limits(int maxEventBytes, int maxBatchBytes, int maxBatchEvents) {}

  /**
   * The write-ahead log: where it lives, when a request is acknowledged ({@code fsync}: its record
   * is on disk; {@code write}: written to the OS; {@code commit}: its events are in a committed
   * snapshot, the log written without fsync; {@code none}: no log, events live in memory until
   * their flush), its size limits, this node's id in the table's snapshot summaries, and how long a
   * {@code commit} request waits for its commit before a 503 ({@code ackTimeoutMs}).
   */
  public record Wal(
      Path dir,
      String ack,
      long maxBytes,
      long segmentBytes,
      long syncWaitMicros,
      String nodeId,
      long ackTimeoutMs) {

    public boolean enabled() {
      return !ack.equals("none");
    }

    /** True with {@code FLOE_ACK=commit}: the 2xx waits for the commit that holds the events. */
    public boolean ackAfterCommit() {
      return ack.equals("commit");
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
}
