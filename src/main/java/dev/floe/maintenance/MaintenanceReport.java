package dev.floe.maintenance;

import java.util.List;

/**
 * What one maintenance pass did, and the table as it left it.
 *
 * @param partitionsCompacted partitions whose small files were merged
 * @param filesRewritten small data files replaced by compaction
 * @param bytesRewritten their bytes
 * @param filesWritten compacted files that replaced them
 * @param snapshotsExpired snapshots removed
 * @param expiredFilesDeleted manifests, manifest lists and data files only expired snapshots held
 * @param orphanFilesDeleted files under the table no snapshot references, past the grace period
 * @param dataFiles data files in the current snapshot after the pass
 * @param snapshots snapshots in the table's metadata after the pass
 * @param notes steps skipped or failed, and why
 */
public record MaintenanceReport(
    String startedAt,
    long durationMs,
    int partitionsCompacted,
    int filesRewritten,
    long bytesRewritten,
    int filesWritten,
    int snapshotsExpired,
    int expiredFilesDeleted,
    int orphanFilesDeleted,
    long dataFiles,
    int snapshots,
    List<String> notes) {

  /**
   * This pass and the pass over another table ({@code FLOE_ROUTES}) as one: counts added, the
   * other's notes named by its table, the start and duration spanning both.
   */
  public MaintenanceReport plus(MaintenanceReport o, String table) {
    List<String> all = new java.util.ArrayList<>(notes);
    o.notes.forEach(n -> all.add(table + ": " + n));
    return new MaintenanceReport(
        startedAt,
        durationMs + o.durationMs,
        partitionsCompacted + o.partitionsCompacted,
        filesRewritten + o.filesRewritten,
        bytesRewritten + o.bytesRewritten,
        filesWritten + o.filesWritten,
        snapshotsExpired + o.snapshotsExpired,
        expiredFilesDeleted + o.expiredFilesDeleted,
        orphanFilesDeleted + o.orphanFilesDeleted,
        dataFiles + o.dataFiles,
        snapshots + o.snapshots,
        List.copyOf(all));
  }

  /** Files the pass deleted from storage, by expiry and as orphans. */
  public int filesDeleted() {
    return expiredFilesDeleted + orphanFilesDeleted;
  }
}
