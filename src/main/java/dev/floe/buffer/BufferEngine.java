package dev.floe.buffer;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.Failures;
import dev.floe.catalog.IncompatibleTableException;
import dev.floe.config.FloeSettings;
import dev.floe.event.PartitionKey;
import dev.floe.lake.FlushSink;
import dev.floe.metrics.FloeStats;
import dev.floe.wal.WriteAheadLog;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The buffers at work: opens and replays the write-ahead log, takes events through its {@link
 * Intake}, flushes on each {@link #tick()} what is due (one flush at a time, on the given
 * executor), on demand and at {@link #stop()}. A plain object: {@link PartitionBuffers} runs one
 * for the application, {@link Warmup} one on a throwaway table, tests their own.
 */
final class BufferEngine {
  private static final Logger LOG = Logger.getLogger(BufferEngine.class.getName());
  private final FloeSettings settings;
  private final CatalogStrategy catalog;
  private final FloeStats stats;
  private final Executor flushExecutor;
  private final CommitObserver observer;
  private final boolean ownsIcebergPool;
  private final FlushSink committer; // the table, or plain objects (USE_ICEBERG=false)
  final Partitions partitions; // read by BufferedEvents
  private final BufferReport report;
  private final Dedup dedup; // null unless FLOE_DEDUP_WINDOW is set
  private final FlushSchedule schedule;
  private final CommitWaits commitWaits = new CommitWaits(); // FLOE_ACK=commit requests
  private final AtomicBoolean stopped = new AtomicBoolean();
  private volatile long lastTickMillis = System.currentTimeMillis();
  private WriteAheadLog wal; // null when FLOE_ACK=none
  private FlushLog flushLog = FlushLog.NONE;
  volatile Flusher flusher; // read by BufferedEvents
  private Intake intake;

  /**
   * @param flushExecutor where background flushes run: the managed executor, or the caller
   * @param observer told of each commit that landed
   * @param ownsIcebergPool whether {@link #stop()} shuts Iceberg's shared worker pool: the
   *     application's engine does, a rehearsal beside it must not
   */
  BufferEngine(
      FloeSettings settings,
      CatalogStrategy catalog,
      FloeStats stats,
      Executor flushExecutor,
      CommitObserver observer,
      boolean ownsIcebergPool) {
    this.settings = settings;
    this.catalog = catalog;
    this.stats = stats;
    this.flushExecutor = flushExecutor;
    this.observer = observer;
    this.ownsIcebergPool = ownsIcebergPool;
    // plain objects, not CDI proxies: the shutdown flush runs after CDI contexts may be gone
    // the log knows the node id (FLOE_NODE_ID, or the one it made and keeps); it opens in start()
    this.committer = Sinks.of(settings, catalog, stats, () -> wal == null ? "" : wal.nodeId());
    this.partitions =
        new Partitions(
            new Budget(settings.buffers().maxBytes()),
            settings.buffers().maxSize(),
            stats.byType::label,
            () -> flusher != null && flusher.drainingWell());
    this.schedule = new FlushSchedule(flushExecutor, this::flushPass);
    this.report = new BufferReport(partitions, stats);
    this.dedup = Dedup.of(settings.buffers());
  }

  /** Opens and replays the log, loads the table, and starts checking the replay against it. */
  void start() {
    if (settings.wal().enabled()) {
      openLog();
    }
    flusher =
        new Flusher(
            committer,
            settings.buffers().flushRetryMaxMs(),
            flushLog,
            observer,
            commitWaits::committed);
    intake =
        new Intake(
            partitions,
            wal,
            dedup,
            settings.buffers().size(),
            this::requestFlush,
            () -> flusher.retryAfterSeconds(),
            stopped::get);
    report.registerGauges();
    if (wal != null) {
      WalHealth.publish(wal, stats);
    }
    try {
      catalog.open(); // create or load now: an incompatible table stops start-up
    } catch (IncompatibleTableException e) {
      throw e;
    } catch (RuntimeException e) {
      // storage or catalog down: accept and buffer anyway; flushes retry, readiness says why
      LOG.warning(
          "The table cannot be reached yet ("
              + Failures.reason(e)
              + "); events are buffered and flushes retry");
    }
    if (!flushLog.ready()) {
      requestFlush(); // check replayed events against the table as soon as it answers
    }
  }

  /** Opens the write-ahead log and puts every event it holds back into the buffers. */
  private void openLog() {
    // with retry dedup on, committed segments stay for the window so a restart re-learns it
    WalFlushLog log =
        WalFlushLog.open(
            settings.wal(),
            settings.buffers().dedupWindowMillis(),
            partitions,
            committer,
            (events, position) -> {
              if (dedup != null) {
                dedup.remember(events, events.get(0).receivedAt().toEpochMilli(), position);
              }
            },
            dedup == null ? first -> {} : dedup::forgetFrom);
    wal = log.wal();
    flushLog = log;
    commitWaits.committedThrough(wal.checkpointed());
  }

  void cap(OpenCaps caps) {
    partitions.cap(caps);
  }

  /** The ingest side, a plain object: the request path calls it without an EJB invocation. */
  public Intake intake() {
    return intake;
  }

  /** The requests waiting for the commit of their events ({@code FLOE_ACK=commit}). */
  CommitWaits commitWaits() {
    return commitWaits;
  }

  /** The figures of the buffers for the status page, the debug endpoints and the metrics. */
  public BufferReport report() {
    return report;
  }

  /** Every second: flush what is old enough, and forget buffers that stayed empty. */
  void tick() {
    stats.timerTicks.inc(1);
    long now = System.currentTimeMillis();
    lastTickMillis = now;
    report.tick();
    if (dedup != null) {
      dedup.expire(now);
    }
    commitWaits.expire(now);
    partitions.retireIdle(now, Math.max(60_000, 2 * settings.buffers().timeoutMs()));
    if (flusher.hasUnknownCommit()
        || !flushLog.ready()
        || partitions.all().stream().anyMatch(b -> due(b, now))) {
      requestFlush();
    }
  }

  private boolean due(PartitionBuffer b, long now) {
    int size = b.size();
    return size > 0
        && (size >= settings.buffers().size()
            || b.oldestAgeMillis(now) >= settings.buffers().timeoutMs()
            || partitions.budget().underPressure());
  }

  /** Starts a background flush of due buffers unless one is running; that one then goes again. */
  private void requestFlush() {
    schedule.request();
  }

  /** One background pass: flushes what is due; false while backing off after a failure. */
  private boolean flushPass() {
    long now = System.currentTimeMillis();
    if (now < flusher.retryAtMillis()) {
      return false; // backing off; the timer asks again
    }
    List<PartitionBuffer> due = partitions.all().stream().filter(b -> due(b, now)).toList();
    if (!due.isEmpty() || flusher.hasUnknownCommit() || !flushLog.ready()) {
      flushQuietly(due);
    }
    return true;
  }

  private void flushQuietly(Collection<PartitionBuffer> selected) {
    try {
      timedFlush(selected);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Flush failed, events stay buffered and are retried: " + e.getMessage(),
          LOG.isLoggable(Level.FINE) ? e : null);
    }
  }

  /** Flushes every buffer now, as one commit, and waits for it. */
  public FlushReport flushAll() {
    return flushNow(k -> true);
  }

  /** Flushes the chosen partitions' buffers now, as one commit, and waits for it. */
  FlushReport flushNow(Predicate<PartitionKey> which) {
    try {
      return timedFlush(partitions.select(which));
    } catch (RuntimeException e) {
      throw new FlushFailedException(Failures.reason(e), e);
    }
  }

  private FlushReport timedFlush(Collection<PartitionBuffer> which) {
    long start = System.nanoTime();
    try {
      FlushReport r = flusher.flush(which);
      if (r != FlushReport.EMPTY) {
        report.flushed(r, System.nanoTime() - start);
      }
      return r;
    } catch (RuntimeException e) {
      stats.flushesFailed.inc(1);
      throw e;
    }
  }

  /** What a corrupt log segment cost on start, or null. */
  public String walDamage() {
    return wal == null ? null : wal.damage();
  }

  /** Null when the write-ahead log is reconciled with the table, else why not yet. */
  public String replayPending() {
    return flushLog.waitingFor();
  }

  /** Null while commits may go ahead, else why they are refused until an operator acts. */
  public String commitBlocked() {
    return flushLog.blocked();
  }

  /** When the timer last ran. */
  public long lastTickMillis() {
    return lastTickMillis;
  }

  /** Since when the running flush runs, or 0 when none runs. */
  public long flushRunningSinceMillis() {
    return flusher.runningSinceMillis();
  }

  /**
   * Refuses new events, flushes everything buffered ({@link FinalFlush}), closes the log and stops
   * this engine's threads; later calls do nothing. All of it ran once at start-up in {@link
   * Warmup}'s rehearsal, so closing the log and stopping the threads still work when the server has
   * shut the class loader first.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    committer.stopping();
    try {
      FinalFlush.run(() -> timedFlush(partitions.all()), partitions::pendingEvents, wal != null);
    } finally {
      commitWaits.close(); // after the final flush: what it committed was answered 2xx
      closeLog(); // a redeploy in this JVM opens it again
      committer.close(ownsIcebergPool);
    }
  }

  private void closeLog() {
    if (wal != null) {
      try {
        wal.close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Closing the write-ahead log failed", e);
      }
    }
  }
}
