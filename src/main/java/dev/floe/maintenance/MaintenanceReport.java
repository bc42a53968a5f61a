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

  /** Files the pass deleted from storage, by expiry and as orphans. */
  public int filesDeleted() {
    return expiredFilesDeleted + orphanFilesDeleted;
  }
}
