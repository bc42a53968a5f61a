package dev.floe.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongConsumer;

/**
 * Every figure Floe reports, in plain Java: counters, timings and gauges. The ingest, buffer, lake
 * and log code record here; exporters (MicroProfile Metrics, JMX, the status page) read here or
 * attach a sink that mirrors each increment. Names follow Prometheus conventions.
 */
public final class FloeStats {

  /** A monotonic count that can mirror its increments into another metrics library. */
  public static final class Count {
    public final String name;
    public final String help;

    /** The {@code reason} tag, for counts split by reason; else null. */
    public final String reason;

    private final LongAdder value = new LongAdder();
    private final Runnable then;
    private volatile LongConsumer sink;

    Count(String name, String help, String reason) {
      this(name, help, reason, null);
    }

    Count(String name, String help, String reason, Runnable then) {
      this.name = name;
      this.help = help;
      this.reason = reason;
      this.then = then;
    }

    public void inc(long n) {
      value.add(n);
      if (then != null) {
        then.run();
      }
      LongConsumer s = sink;
      if (s != null) {
        s.accept(n);
      }
    }

    public long get() {
      return value.sum();
    }

    /** Mirrors every later increment to {@code s}, after handing it what was counted so far. */
    public synchronized void attach(LongConsumer s) {
      long before = get();
      if (before > 0) {
        s.accept(before);
      }
      sink = s;
    }
  }

  public static final String REJECTED = "floe_requests_rejected";
  public static final String DEAD_LETTERED = "floe_dead_lettered";

  /** A value read when asked, from a source the owner of the value sets once it exists. */
  public static final class Gauge {
    public final String name;
    public final String help;
    public final String unit;
    private volatile DoubleSupplier source = () -> 0;

    Gauge(String name, String help, String unit) {
      this.name = name;
      this.help = help;
      this.unit = unit;
    }

    public void source(DoubleSupplier s) {
      source = s;
    }

    /** Adds {@code s} to what the gauge reads (one source per table, say). */
    public synchronized void addSource(DoubleSupplier s) {
      DoubleSupplier before = source;
      source = () -> before.getAsDouble() + s.getAsDouble();
    }

    public double get() {
      return source.getAsDouble();
    }
  }

  // declared first: the fields below register themselves here as they are initialised
  private final Map<String, Count> counts = new LinkedHashMap<>();
  private final Map<String, Timing> timings = new LinkedHashMap<>();
  private final Map<String, Gauge> gauges = new LinkedHashMap<>();

  public final Count eventsAccepted = count("floe_events_accepted", "events answered 2xx");
  public final Count bytesReceived =
      count("floe_received_bytes", "request body bytes of accepted requests, after gzip");
  public final Count eventsCommitted =
      count("floe_events_committed", "events in snapshots this node committed");
  public final Count bytesWritten = count("floe_written_bytes", "bytes of Parquet data written");
  public final Count filesWritten = count("floe_files_written", "Parquet data files committed");
  private volatile long lastCommitMillis;

  public final Count snapshotsCommitted =
      count(
          new Count(
              "floe_snapshots_committed",
              "Iceberg snapshots this node committed",
              null,
              () -> lastCommitMillis = System.currentTimeMillis()));
  public final Count flushesFailed =
      count("floe_flushes_failed", "flushes that failed and put their events back");
  public final Count commitConflicts =
      count("floe_commit_conflicts", "commit attempts that lost a race and were retried");
  public final Count timerTicks =
      count("floe_flush_timer_ticks", "runs of the once-a-second flush timer");
  public final Timing flushDuration =
      timing("floe_flush_duration", "one flush: Parquet files, then the commit");
  public final Timing commitDuration =
      timing("floe_commit_duration", "one Iceberg commit, retries included");
  public final Timing walForce = timing("floe_wal_fsync_duration", "one forced write of the log");

  public final Gauge bufferedEvents =
      gauge("floe_buffered_events", "events buffered or being flushed, all partitions", "none");
  public final Gauge bufferedBytes =
      gauge("floe_buffered_bytes", "heap the buffered events take, as budgeted", "none");
  public final Gauge oldestBufferedAge =
      gauge("floe_oldest_buffered_event_age_seconds", "age of the oldest buffered event", "none");
  public final Gauge partitions = gauge("floe_buffered_partitions", "partitions buffered", "none");
  public final Gauge types =
      gauge("floe_buffered_types", "event types with a buffer (FLOE_MAX_EVENT_TYPES caps)", "none");
  public final Count openPartitionsRefused =
      count("floe_open_partitions_refused", "requests refused at FLOE_MAX_OPEN_PARTITIONS");
  public final Count eventTypesRefused =
      count("floe_event_types_refused", "requests refused at FLOE_MAX_EVENT_TYPES");
  public final Gauge walBytes = gauge("floe_wal_bytes", "disk the write-ahead log uses", "none");
  public final Gauge walFailures =
      gauge(
          "floe_wal_failures",
          "times a write or fsync of the log failed (the log takes nothing until it is repaired)",
          "none");
  public final Gauge walBroken =
      gauge("floe_wal_broken", "1 while the log cannot write; readiness says why", "none");
  public final Gauge walRecordsLost =
      gauge(
          "floe_wal_records_lost",
          "log records found corrupt or unreadable on start (their segment is kept as *.damaged)",
          "none");
  public final Gauge commitsRefused =
      gauge(
          "floe_commits_refused",
          "1 while this node refuses to commit; the floe-commits health check says why",
          "none");
  public final Gauge commitsInDoubt =
      gauge("floe_commits_in_doubt", "commits whose outcome is not known yet", "none");

  // table maintenance: what passes did in all, and the table as the last pass left it
  public final Count maintenancePasses =
      count("floe_maintenance_passes", "maintenance passes run (compaction, expiry, cleanup)");
  public final Count filesCompacted =
      count("floe_compaction_files_rewritten", "small data files merged away by compaction");
  public final Count bytesCompacted =
      count("floe_compaction_bytes_rewritten", "bytes of the data files compaction merged away");
  public final Count snapshotsExpired =
      count("floe_snapshots_expired", "snapshots removed by snapshot expiry");
  public final Count maintenanceFilesDeleted =
      count("floe_maintenance_files_deleted", "files deleted by expiry and orphan cleanup");
  public final Timing maintenanceDuration =
      timing("floe_maintenance_duration", "one maintenance pass");
  public final Gauge tableDataFiles =
      gauge("floe_table_data_files", "data files in the table's current snapshot", "none");
  public final Gauge tableSnapshots =
      gauge("floe_table_snapshots", "snapshots the table's metadata holds", "none");
  public final Gauge walBytesMax =
      gauge("floe_wal_max_bytes", "disk the write-ahead log may use", "none");
  public final Gauge budgetUsed =
      gauge("floe_buffer_budget_used_ratio", "share of the buffers' memory budget in use", "none");
  public final Gauge lastCommit =
      gauge(
          "floe_last_commit_timestamp_seconds",
          "when this node last committed a snapshot, Unix seconds (0: not yet)",
          "none");

  public final Gauge storageUp =
      gauge(
          "floe_storage_up",
          "1 when the latest background check reached the table's storage, 0 when not, NaN before",
          "none");
  public final Gauge catalogUp =
      gauge(
          "floe_catalog_up",
          "1 when the latest background check reached the catalog, 0 when not, NaN before",
          "none");

  private volatile Boolean ready; // null until the first probe: then NaN, which no alert matches
  public final Gauge readiness =
      gauge("floe_ready", "1 when the latest readiness probe answered UP, 0 DOWN", "none");

  {
    lastCommit.source(() -> lastCommitMillis / 1000.0);
    readiness.source(() -> ready == null ? Double.NaN : ready ? 1 : 0);
  }

  /** What the latest readiness probe answered: alerts watch it for flapping. */
  public void readiness(boolean up) {
    ready = up;
  }

  /** Buffered events and bytes per event type, for a bounded set of types. */
  public final TypeFigures byType = new TypeFigures();

  public final TableFigures byTable = new TableFigures();

  private final Map<String, Count> rejectedByReason = new ConcurrentHashMap<>();
  private volatile Consumer<Count> onNewCount;

  /** Dead letters committed to the dead-letter table, by reason code. */
  public final ByReason deadLettered =
      new ByReason(DEAD_LETTERED, "dead letters kept, by reason", () -> onNewCount);

  private Count count(String name, String help) {
    return count(new Count(name, help, null));
  }

  private Count count(Count c) {
    counts.put(c.name, c);
    return c;
  }

  private Gauge gauge(String name, String help, String unit) {
    Gauge g = new Gauge(name, help, unit);
    gauges.put(name, g);
    return g;
  }

  private Timing timing(String name, String help) {
    Timing t = new Timing(name, help);
    timings.put(name, t);
    return t;
  }

  /**
   * Counts a refused ingest request under its reason, the problem type's last path segment ({@code
   * buffer-full}, {@code invalid-event}, ...), out of a small fixed set.
   */
  public void rejected(String reason) {
    rejectedByReason
        .computeIfAbsent(
            reason,
            r -> {
              Count c = new Count(REJECTED, "ingest requests refused, by reason", r);
              Consumer<Count> hook = onNewCount;
              if (hook != null) {
                hook.accept(c);
              }
              return c;
            })
        .inc(1);
  }

  public Map<String, Long> rejectedByReason() {
    Map<String, Long> out = new java.util.TreeMap<>();
    rejectedByReason.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public Iterable<Count> counts() {
    return counts.values();
  }

  public Iterable<Timing> timings() {
    return timings.values();
  }

  public Iterable<Gauge> gauges() {
    return gauges.values();
  }

  /** Reason counters made so far, then every new one as it is made. */
  public synchronized void onReasonCount(Consumer<Count> hook) {
    rejectedByReason.values().forEach(hook);
    deadLettered.each(hook);
    onNewCount = hook;
  }
}
