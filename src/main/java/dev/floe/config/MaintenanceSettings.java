package dev.floe.config;

/**
 * Table maintenance: whether Floe compacts, expires snapshots and deletes orphan files itself, how
 * often, and the bounds it keeps the table within.
 *
 * @param enabled {@code FLOE_MAINTENANCE}: on by default; off when another service (R2 Data
 *     Catalog's compaction and snapshot expiration) maintains the table
 * @param intervalMs {@code FLOE_MAINTENANCE_INTERVAL}: time between the end of a pass and the next
 * @param compactionThreshold {@code COMPACTION_THRESHOLD}: small files a partition must hold before
 *     they are merged
 * @param targetFileBytes {@code FLOE_COMPACTION_TARGET_MB}: size compacted files aim at
 * @param snapshotMaxAgeMs {@code FLOE_SNAPSHOT_MAX_AGE}: snapshots older than this expire...
 * @param snapshotMinKeep {@code FLOE_SNAPSHOT_MIN_KEEP}: ...but the newest this many never do
 * @param metadataVersionsKept {@code FLOE_METADATA_VERSIONS_KEPT}: older {@code vN.metadata.json}
 *     files are deleted after each commit
 * @param orphanGraceMs {@code FLOE_ORPHAN_GRACE}: a file no snapshot references is deleted only
 *     once it is this old, so a commit still in flight never loses its files
 */
public record MaintenanceSettings(
    boolean enabled,
    long intervalMs,
    int compactionThreshold,
    long targetFileBytes,
    long snapshotMaxAgeMs,
    int snapshotMinKeep,
    int metadataVersionsKept,
    long orphanGraceMs) {

  private static final long MIB = 1024 * 1024;

  static MaintenanceSettings read(SettingsReader r) {
    MaintenanceSettings m =
        new MaintenanceSettings(
            r.bool("floe.maintenance", true),
            r.duration("floe.maintenance.interval", "5m"),
            r.integer("compaction.threshold", 10, 2, 100_000),
            r.integer("floe.compaction.target.mb", 128, 1, 16 * 1024) * MIB,
            // an hour of history: enough for any running query and a look back; the metadata file
            // stays near max(min keep, commits per hour) snapshots however long Floe runs
            r.duration("floe.snapshot.max.age", "1h"),
            // R2 Data Catalog's own floor; a few minutes of snapshots at a busy commit rate
            r.integer("floe.snapshot.min.keep", 100, 1, 1_000_000),
            r.integer("floe.metadata.versions.kept", 20, 1, 10_000),
            // Iceberg's own orphan removal waits 3 days; a day still outlasts any commit in flight
            r.duration("floe.orphan.grace", "1d"));
    if (m.enabled && m.intervalMs < 1000) {
      throw new IllegalArgumentException(
          "FLOE_MAINTENANCE_INTERVAL (floe.maintenance.interval) must be at least 1s, got "
              + m.intervalMs
              + " ms");
    }
    return m;
  }

  @Override
  public String toString() {
    return enabled
        ? "maintenance=every "
            + intervalMs / 1000
            + "s threshold="
            + compactionThreshold
            + " targetMB="
            + targetFileBytes / MIB
            + " snapshotMaxAgeMs="
            + snapshotMaxAgeMs
            + " snapshotMinKeep="
            + snapshotMinKeep
            + " metadataVersionsKept="
            + metadataVersionsKept
            + " orphanGraceMs="
            + orphanGraceMs
        : "maintenance=off";
  }
}
