package dev.floe.maintenance;

import dev.floe.catalog.Failures;
import dev.floe.config.MaintenanceSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;

/**
 * One maintenance pass over a table, in order: compaction, snapshot expiry, then orphan cleanup
 * (last, so that it sees what the others left). Each step fails on its own: a failed step is noted
 * in the report and the next one still runs. Plain Java; {@link Maintenance} schedules it.
 */
public final class MaintenancePass {
  private static final Logger LOG = Logger.getLogger(MaintenancePass.class.getName());

  private final MaintenanceSettings settings;
  private final BooleanSupplier commitInDoubt;
  private final BooleanSupplier stopping;
  private boolean tableSetUp;

  /**
   * @param commitInDoubt true while a commit of this process has an unknown outcome: its files may
   *     yet be referenced, so no orphan is deleted then
   * @param stopping true once the application stops: a pass ends early, committing nothing half
   */
  public MaintenancePass(
      MaintenanceSettings settings, BooleanSupplier commitInDoubt, BooleanSupplier stopping) {
    this.settings = settings;
    this.commitInDoubt = commitInDoubt;
    this.stopping = stopping;
  }

  /** Runs compaction and expiry, and the orphan sweep when {@code sweepOrphans}. */
  public MaintenanceReport run(Table table, boolean sweepOrphans) {
    long start = System.nanoTime();
    Instant startedAt = Instant.now();
    List<String> notes = new ArrayList<>();
    table.refresh();
    if (!tableSetUp) {
      try {
        TableSetup.apply(table, settings);
        tableSetUp = true;
      } catch (RuntimeException e) {
        notes.add(failed("table setup (metadata versions kept, sort order)", table, e));
      }
    }
    Compactor.Result compacted = Compactor.Result.NOTHING;
    boolean rewriteInDoubt = false;
    try {
      compacted =
          new Compactor(settings.compactionThreshold(), settings.targetFileBytes())
              .run(table, stopping);
      if (compacted.note() != null) {
        notes.add(compacted.note());
      }
    } catch (CommitStateUnknownException e) {
      rewriteInDoubt = true;
      notes.add("compaction commit outcome unknown; its files stay: " + Failures.reason(e));
    } catch (RuntimeException e) {
      notes.add(failed("compaction", table, e));
    }
    SnapshotExpiry.Result expired = new SnapshotExpiry.Result(0, 0);
    if (!stopping.getAsBoolean()) {
      try {
        table.refresh();
        expired =
            new SnapshotExpiry(settings.snapshotMaxAgeMs(), settings.snapshotMinKeep())
                .run(table, System.currentTimeMillis());
      } catch (RuntimeException e) {
        notes.add(failed("snapshot expiry", table, e));
      }
    }
    int orphans = 0;
    if (sweepOrphans && !stopping.getAsBoolean()) {
      if (rewriteInDoubt || commitInDoubt.getAsBoolean()) {
        notes.add("orphan cleanup skipped: a commit's outcome is not known yet");
      } else {
        try {
          orphans =
              new OrphanSweeper(settings.orphanGraceMs()).run(table, System.currentTimeMillis());
          if (orphans < 0) {
            notes.add("orphan cleanup skipped: the table's storage cannot list files");
            orphans = 0;
          }
        } catch (RuntimeException e) {
          notes.add(failed("orphan cleanup", table, e));
        }
      }
    }
    table.refresh();
    Snapshot current = table.currentSnapshot();
    long dataFiles =
        current == null
            ? 0
            : Long.parseLong(current.summary().getOrDefault("total-data-files", "0"));
    int snapshots = 0;
    for (Snapshot ignored : table.snapshots()) {
      snapshots++;
    }
    return new MaintenanceReport(
        startedAt.toString(),
        (System.nanoTime() - start) / 1_000_000,
        compacted.partitions(),
        compacted.filesRewritten(),
        compacted.bytesRewritten(),
        compacted.filesWritten(),
        expired.snapshotsExpired(),
        expired.filesDeleted(),
        orphans,
        dataFiles,
        snapshots,
        List.copyOf(notes));
  }

  private static String failed(String step, Table table, RuntimeException e) {
    LOG.log(Level.WARNING, "Maintenance of " + table.name() + ": " + step + " failed", e);
    return step + " failed: " + Failures.reason(e);
  }
}
