package dev.floe.buffer;

import java.util.List;

/**
 * What one flush did: the snapshot it committed (null when there was nothing to flush), its files,
 * its rows, and the partitions it took.
 */
public record FlushReport(Long snapshotId, List<String> files, long rows, List<String> partitions) {
  static final FlushReport EMPTY = new FlushReport(null, List.of(), 0, List.of());
}
