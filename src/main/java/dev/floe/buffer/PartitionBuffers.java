package dev.floe.buffer;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.Failures;
import dev.floe.catalog.IncompatibleTableException;
import dev.floe.config.FloeSettings;
import dev.floe.event.PartitionKey;
import dev.floe.lake.TableCommitter;
import dev.floe.metrics.FloeStats;
import dev.floe.metrics.TypeFigures;
import dev.floe.wal.WriteAheadLog;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Owns every partition buffer. Appends never wait for a flush: they reserve slots and add to the
 * current buffer, while flushes run on a managed executor against drained snapshots of the buffers.
 * A one-second timer flushes buffers that are old enough.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // no JTA work here; skip its cost
public class PartitionBuffers {
  private static final Logger LOG = Logger.getLogger(PartitionBuffers.class.getName());
  private static final int SHUTDOWN_ATTEMPTS = 3;

  @Inject FloeSettings settings;
  @Inject CatalogStrategy catalog;
  @Inject FloeStats stats;
  @Resource ManagedExecutorService executor;
  java.util.concurrent.Executor flushExecutor; // the managed executor, or the caller in a rehearsal
  boolean rehearsal; // a throwaway copy run by Warmup, on a temporary table and log

  private final Map<PartitionKey, PartitionBuffer> buffers = new ConcurrentHashMap<>();
  private final AtomicBoolean flushRunning = new AtomicBoolean();
  private volatile boolean flushRequested;
  private volatile long lastTickMillis = System.currentTimeMillis();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final ReentrantLock appendLock = new ReentrantLock();
  private final java.util.ArrayDeque<FlushSummary> recentFlushes = new java.util.ArrayDeque<>();
  private final long[] acceptedSamples = new long[11]; // events accepted, one sample per tick
  private int sampleCount;
  private Budget budget;
  private Flusher flusher;
  private TableCommitter committer;
  private WriteAheadLog wal; // null when FLOE_ACK=none
  private FlushLog flushLog = FlushLog.NONE;
  private Dedup dedup; // null unless FLOE_DEDUP_WINDOW is set
  private Intake intake;

  @PostConstruct
  void start() {
    if (flushExecutor == null) {
      flushExecutor = executor;
    }
    // plain objects, not CDI proxies: the shutdown flush runs after CDI contexts may be gone
    committer = new TableCommitter(catalog, stats);
    budget = new Budget(settings.buffers().maxBytes());
    if (settings.buffers().dedupWindowMillis() > 0) {
      dedup = new Dedup(settings.buffers().dedupWindowMillis());
    }
    if (settings.wal().enabled()) {
      openLog();
    }
    flusher = new Flusher(committer, budget, settings.buffers().flushRetryMaxMs(), flushLog);
    intake =
        new Intake(
            buffers,
            budget,
            wal,
            dedup,
            appendLock,
            settings,
            stats.byType,
            this::requestFlush,
            this::retryAfterSeconds,
            stopped::get);
    stats.bufferedEvents.source(this::pendingEvents);
    stats.bufferedBytes.source(budget::used);
    stats.partitions.source(buffers::size);
    stats.oldestBufferedAge.source(
        () -> {
          long now = System.currentTimeMillis();
          long oldest =
              buffers.values().stream().mapToLong(PartitionBuffer::oldestMillis).min().orElse(now);
          return Math.max(0, now - Math.min(now, oldest)) / 1000.0;
        });
    stats.byType.source(this::byType);
    if (wal != null) {
      stats.walBytes.source(wal::bytes);
      wal.onForce(stats.walForce::record);
    }
    try {
      catalog.table(); // create or load now: an incompatible table stops start-up
    } catch (IncompatibleTableException e) {
      throw e;
    } catch (RuntimeException e) {
      // storage or catalog down: accept and buffer anyway; flushes retry, readiness says why
      LOG.warning(
          "The table cannot be reached yet ("
              + Failures.reason(e)
              + "); events are buffered and flushes retry");
    }
    if (!rehearsal) {
      Warmup.run();
      catalog.warmUp();
    }
    if (!flushLog.ready()) {
      requestFlush(); // check replayed events against the table as soon as it answers
    }
  }

  /** Opens the write-ahead log and puts every event it holds back into the buffers. */
  private void openLog() {
    FloeSettings.Wal w = settings.wal();
    try {
      wal =
          WriteAheadLog.open(
              w.dir(),
              new WriteAheadLog.Options(
                  w.segmentBytes(),
                  w.maxBytes(),
                  w.ack().equals("write") ? WriteAheadLog.Ack.WRITE : WriteAheadLog.Ack.FSYNC,
                  w.syncWaitMicros()),
              w.nodeId());
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot open the write-ahead log in " + w.dir() + " (FLOE_WAL_DIR): " + e.getMessage(),
          e);
    }
    int replayed =
        WalFlushLog.replay(
            wal,
            buffers,
            budget,
            (events, position) -> {
              if (dedup != null) {
                dedup.remember(events, events.get(0).receivedAt().toEpochMilli(), position);
              }
            });
    wal.recovered().clear();
    // with retry dedup on, committed segments stay for the window so a restart re-learns it
    WalFlushLog log =
        new WalFlushLog(
            wal, buffers, appendLock, committer, budget, settings.buffers().dedupWindowMillis());
    log.haltAfterCommit &= !rehearsal; // the crash tests' hook is for the real table
    flushLog = log;
    LOG.info(
        "Write-ahead log of node "
            + wal.nodeId()
            + " in "
            + w.dir().toAbsolutePath().normalize()
            + ": replayed "
            + replayed
            + " events; they are checked against the table before the first flush");
  }

  private void closeLog() {
    if (wal != null) {
      try {
        wal.close();
      } catch (IOException e) {
        System.err.println("Floe: closing the write-ahead log failed: " + e);
      }
    }
  }

  private static PartitionStatus statusOf(PartitionBuffer b, long now) {
    int size = b.size();
    return new PartitionStatus(
        b.key.toString(), size, Math.max(0, b.reserved() - size), b.oldestAgeMillis(now));
  }

  /** A flush as the status page shows it. */
  public record FlushSummary(long atMillis, FlushReport report, long millis) {}

  /** The latest flushes that committed something, newest first. */
  public List<FlushSummary> recentFlushes() {
    synchronized (recentFlushes) {
      return List.copyOf(recentFlushes);
    }
  }

  /** Events accepted per second over the last ten timer ticks. */
  public double ingestRate() {
    synchronized (acceptedSamples) {
      if (sampleCount < 2) {
        return 0;
      }
      return (double) (acceptedSamples[0] - acceptedSamples[sampleCount - 1]) / (sampleCount - 1);
    }
  }

  /** Every partition that holds or awaits events, of every type. */
  public List<PartitionStatus> allPartitions() {
    long now = System.currentTimeMillis();
    return buffers.values().stream()
        .map(b -> statusOf(b, now))
        .filter(p -> p.bufferedCount() + p.inFlightCount() > 0)
        .sorted(java.util.Comparator.comparing(PartitionStatus::partitionKey))
        .toList();
  }

  /** Events waiting in the buffers (not yet taken by a flush) and their bytes, by event type. */
  private Map<String, TypeFigures.Figures> byType() {
    Map<String, TypeFigures.Figures> out = new java.util.HashMap<>();
    for (PartitionBuffer b : buffers.values()) {
      TypeFigures.Figures f = b.figures();
      if (f.events() > 0) {
        out.merge(b.key.type(), f, TypeFigures.Figures::plus);
      }
    }
    return out;
  }

  /** How much of the buffers' memory budget is taken, from 0 to 1 (or past 1 after a replay). */
  public double budgetUsed() {
    return (double) budget.used() / budget.max();
  }

  /** Null when the write-ahead log is reconciled with the table, else why not yet. */
  public String replayPending() {
    return flushLog.ready() ? null : "replayed events are not yet checked against the table";
  }

  /**
   * The ingest side of the buffers, a plain object: the request path calls it directly, without an
   * EJB invocation per request, while this bean keeps the lifecycle, the timer and the flushes.
   */
  public Intake intake() {
    return intake;
  }

  private int retryAfterSeconds() {
    long wait = flusher.retryAtMillis() - System.currentTimeMillis();
    return (int) Math.max(1, Math.min(60, (wait + 999) / 1000));
  }

  /** Every second: flush what is old enough, and forget buffers that stayed empty. */
  @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
  void tick() {
    stats.timerTicks.inc(1);
    long now = System.currentTimeMillis();
    lastTickMillis = now;
    synchronized (acceptedSamples) {
      System.arraycopy(acceptedSamples, 0, acceptedSamples, 1, acceptedSamples.length - 1);
      acceptedSamples[0] = stats.eventsAccepted.get();
      sampleCount = Math.min(sampleCount + 1, acceptedSamples.length);
    }
    long idle = Math.max(60_000, 2 * settings.buffers().timeoutMs());
    if (dedup != null) {
      dedup.expire(now);
    }
    buffers.values().removeIf(b -> b.retireIfIdle(now, idle));
    if (flusher.hasUnknownCommit()
        || !flushLog.ready()
        || buffers.values().stream().anyMatch(b -> due(b, now))) {
      requestFlush();
    }
  }

  private boolean due(PartitionBuffer b, long now) {
    int size = b.size();
    return size > 0
        && (size >= settings.buffers().size()
            || b.oldestAgeMillis(now) >= settings.buffers().timeoutMs()
            || budget.underPressure());
  }

  /** Starts a background flush of due buffers unless one is running; that one then goes again. */
  private void requestFlush() {
    flushRequested = true;
    if (flushRunning.compareAndSet(false, true)) {
      flushExecutor.execute(this::flushLoop);
    }
  }

  private void flushLoop() {
    try {
      while (flushRequested) {
        flushRequested = false;
        long now = System.currentTimeMillis();
        if (now < flusher.retryAtMillis()) {
          return; // backing off; the timer asks again
        }
        List<PartitionBuffer> due = buffers.values().stream().filter(b -> due(b, now)).toList();
        if (!due.isEmpty() || flusher.hasUnknownCommit() || !flushLog.ready()) {
          flushQuietly(due);
        }
      }
    } finally {
      flushRunning.set(false);
    }
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

  /** Flushes every buffer of one event type now, as one commit, and waits for it. */
  public FlushReport flushType(String type) {
    return flushNow(select(k -> k.type().equals(type)));
  }

  /** Flushes every buffer now, as one commit, and waits for it. */
  public FlushReport flushAll() {
    return flushNow(select(k -> true));
  }

  private FlushReport flushNow(List<PartitionBuffer> which) {
    try {
      return timedFlush(which);
    } catch (RuntimeException e) {
      throw new FlushFailedException(Failures.reason(e), e);
    }
  }

  private FlushReport timedFlush(Collection<PartitionBuffer> which) {
    long start = System.nanoTime();
    try {
      FlushReport r = flusher.flush(which);
      if (r != FlushReport.EMPTY) {
        long nanos = System.nanoTime() - start;
        stats.flushDuration.record(nanos);
        synchronized (recentFlushes) {
          recentFlushes.addFirst(
              new FlushSummary(System.currentTimeMillis(), r, nanos / 1_000_000));
          while (recentFlushes.size() > 20) {
            recentFlushes.removeLast();
          }
        }
      }
      return r;
    } catch (RuntimeException e) {
      stats.flushesFailed.inc(1);
      throw e;
    }
  }

  private List<PartitionBuffer> select(Predicate<PartitionKey> which) {
    return buffers.values().stream().filter(b -> which.test(b.key)).toList();
  }

  /** The partitions of one event type that hold or await events. */
  public List<PartitionStatus> status(String type) {
    long now = System.currentTimeMillis();
    return select(k -> k.type().equals(type)).stream().map(b -> statusOf(b, now)).toList();
  }

  /** Liveness facts: when the timer last ran, since when the current flush runs (0 if none). */
  public long lastTickMillis() {
    return lastTickMillis;
  }

  public long flushRunningSinceMillis() {
    return flusher.runningSinceMillis();
  }

  /** Events buffered or in flight, over all partitions. */
  public long pendingEvents() {
    return buffers.values().stream().mapToLong(PartitionBuffer::reserved).sum();
  }

  /**
   * False once the server has shut this application's class loader: then no class or resource can
   * be loaded any more, and whatever the final flush has not used before fails.
   */
  private static boolean classLoaderOpen() {
    try {
      return PartitionBuffers.class.getClassLoader().getResource("dev/floe/buffer/Warmup.class")
          != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * On undeploy or server stop nothing buffered may stay behind. Called by {@link ShutdownFlush}
   * while the class loader still works, and again (as a no-op) when the bean is destroyed. All of
   * it ran once at start-up in {@link Warmup}'s rehearsal, so closing the log and stopping the
   * threads still work when the server has shut the class loader first. The flush may not: Hadoop
   * reads its configuration files through that loader for every Parquet file. Its events then wait
   * in the write-ahead log for the next start.
   */
  @PreDestroy
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    committer.stopping();
    try {
      for (int attempt = 1; attempt <= SHUTDOWN_ATTEMPTS; attempt++) {
        try {
          FlushReport r = timedFlush(select(k -> true));
          if (pendingEvents() == 0) {
            LOG.info("Flushed all buffers on shutdown: " + r.rows() + " rows");
            return;
          }
        } catch (RuntimeException e) {
          // logging may already be shut down with the JVM; stderr is still read by whoever runs us
          if (!classLoaderOpen()) {
            System.err.println(
                "Floe: the server shut Floe's class loader before its shutdown callback (Payara"
                    + " Micro does on the first redeploy of an application started with"
                    + " --hotdeploy), so the final flush cannot run: "
                    + e);
            break;
          }
          System.err.println("Floe: shutdown flush attempt " + attempt + " failed: " + e);
          e.printStackTrace();
        }
      }
      LOG.severe(
          pendingEvents()
              + " buffered events could not be flushed on shutdown"
              + (wal != null ? "; they are in the write-ahead log and replayed on start" : ""));
    } finally {
      closeLog(); // a redeploy in this JVM opens it again
      if (rehearsal) {
        committer.closeOwnThreads(); // Iceberg's worker pool is the real deployment's too
      } else {
        committer.close();
      }
    }
  }
}
