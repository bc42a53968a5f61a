package dev.floe.maintenance;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.Failures;
import dev.floe.config.FloeSettings;
import dev.floe.config.MaintenanceSettings;
import dev.floe.deadletter.DeadLetters;
import dev.floe.metrics.FloeStats;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs maintenance passes over every table ({@code FLOE_ROUTES}) in the background, on the server's
 * managed scheduled executor, one at a time and never on a request or flush thread: every {@code
 * FLOE_MAINTENANCE_INTERVAL} after the previous pass ended, and on demand. Keeps the last pass's
 * report for the status page and mirrors it into {@link FloeStats}.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Maintenance {
  private static final Logger LOG = Logger.getLogger(Maintenance.class.getName());
  private static final long MAX_SWEEP_INTERVAL_MS = 3_600_000;

  @Inject FloeSettings floeSettings;
  @Inject CatalogStrategy catalog;
  @Inject FloeStats stats;
  @Inject DeadLetters deadLetters;
  @Resource ManagedScheduledExecutorService executor;

  private final ReentrantLock running = new ReentrantLock();
  private volatile boolean stopped;
  private volatile MaintenanceReport last;
  private volatile String lastFailure;
  private long lastSweepMillis;
  private MaintenanceSettings settings;
  private MaintenancePass pass;
  private ScheduledFuture<?> schedule;
  // the other tables of FLOE_ROUTES, each through its own catalog; made at the first pass
  private final java.util.Map<String, CatalogStrategy> routed = new java.util.LinkedHashMap<>();

  @PostConstruct
  void start() {
    settings = floeSettings.maintenance();
    pass = new MaintenancePass(settings, () -> stats.commitsInDoubt.get() > 0, () -> stopped);
    lastSweepMillis = System.currentTimeMillis(); // the first sweep waits a while after start
    if (enabled()) {
      schedule =
          executor.scheduleWithFixedDelay(
              this::scheduled, settings.intervalMs(), settings.intervalMs(), TimeUnit.MILLISECONDS);
    }
  }

  /** Stops scheduling and waits briefly for a running pass, which ends early. */
  @PreDestroy
  void stop() {
    stopped = true;
    if (schedule != null) {
      schedule.cancel(false);
    }
    try {
      if (running.tryLock(30, TimeUnit.SECONDS)) {
        routed.values().forEach(CatalogStrategy::close);
        running.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** On unless FLOE_MAINTENANCE=false, or USE_ICEBERG=false: plain objects have no table. */
  public boolean enabled() {
    return settings.enabled() && catalog.hasTable();
  }

  /** The last pass's report, or null before the first. */
  public MaintenanceReport last() {
    return last;
  }

  /** Why the last pass could not run at all (the table unreachable), or null. */
  public String lastFailure() {
    return lastFailure;
  }

  /** Runs a pass now, orphan sweep included, on the executor; waits for it and reports it. */
  public MaintenanceReport runNow() throws ExecutionException, TimeoutException {
    try {
      return executor.submit(() -> runPass(true)).get(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void scheduled() {
    if (stopped) {
      return;
    }
    long now = System.currentTimeMillis();
    long sweepEvery =
        Math.max(
            settings.intervalMs(), Math.min(MAX_SWEEP_INTERVAL_MS, settings.orphanGraceMs() / 4));
    try {
      runPass(now - lastSweepMillis >= sweepEvery);
    } catch (RuntimeException | LinkageError e) {
      // logged in runPass; a scheduled task that throws would never run again
    }
  }

  private MaintenanceReport runPass(boolean sweep) {
    running.lock();
    try {
      if (sweep) {
        lastSweepMillis = System.currentTimeMillis();
      }
      MaintenanceReport r = pass.run(catalog.table(), sweep);
      for (var t : floeSettings.routes().tables()) {
        if (!t.name().equals(floeSettings.routes().configured().name())) {
          try { // one unreachable table must not keep the others from their maintenance
            CatalogStrategy c = routed.computeIfAbsent(t.name(), n -> catalog.forTable(t.table()));
            r = r.plus(pass.run(c.table(), sweep), t.name());
          } catch (RuntimeException e) {
            LOG.warning("Maintenance of table " + t.name() + " failed: " + Failures.reason(e));
          }
        }
      }
      expireDeadLetters();
      record(r);
      return r;
    } catch (RuntimeException e) {
      lastFailure = Failures.reason(e);
      LOG.log(
          Level.WARNING,
          "Maintenance pass failed: " + lastFailure,
          LOG.isLoggable(Level.FINE) ? e : null);
      throw e;
    } finally {
      running.unlock();
    }
  }

  /**
   * The dead-letter table gets a commit per flush that carries dead letters and one per replay: its
   * snapshots expire like the events table's, so its metadata stays bounded. No compaction (dead
   * letters are few, and a replay rewrites the files it touches) and no orphan sweep (a replay's
   * plan file lives under the table until the replay ends).
   */
  private void expireDeadLetters() {
    if (!deadLetters.keeping()) {
      return;
    }
    try {
      new SnapshotExpiry(settings.snapshotMaxAgeMs(), settings.snapshotMinKeep())
          .run(deadLetters.table(), System.currentTimeMillis());
    } catch (RuntimeException e) {
      LOG.warning("Maintenance of the dead-letter table failed: " + Failures.reason(e));
    }
  }

  private void record(MaintenanceReport r) {
    last = r;
    lastFailure = null;
    stats.maintenancePasses.inc(1);
    stats.filesCompacted.inc(r.filesRewritten());
    stats.bytesCompacted.inc(r.bytesRewritten());
    stats.snapshotsExpired.inc(r.snapshotsExpired());
    stats.maintenanceFilesDeleted.inc(r.filesDeleted());
    stats.maintenanceDuration.record(r.durationMs() * 1_000_000);
    stats.tableDataFiles.source(() -> last.dataFiles());
    stats.tableSnapshots.source(() -> last.snapshots());
    if (r.filesRewritten() + r.snapshotsExpired() + r.filesDeleted() > 0 || !r.notes().isEmpty()) {
      LOG.info("Maintenance pass: " + r);
    }
  }
}
