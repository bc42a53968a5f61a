package dev.floe.maintenance;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Expires snapshots older than the maximum age, always keeping the newest few, with Iceberg's
 * {@code ExpireSnapshots}: it deletes only the files that no remaining snapshot reaches (never one
 * of the current snapshot's).
 */
final class SnapshotExpiry {
  private static final Logger LOG = Logger.getLogger(SnapshotExpiry.class.getName());

  record Result(int snapshotsExpired, int filesDeleted) {}

  private final long maxAgeMs;
  private final int minKeep;

  SnapshotExpiry(long maxAgeMs, int minKeep) {
    this.maxAgeMs = maxAgeMs;
    this.minKeep = minKeep;
  }

  Result run(Table table, long nowMillis) {
    Set<Long> before = ids(table);
    if (before.size() <= minKeep) {
      return new Result(0, 0);
    }
    AtomicInteger deleted = new AtomicInteger();
    table
        .expireSnapshots()
        .expireOlderThan(nowMillis - maxAgeMs)
        .retainLast(minKeep)
        .cleanExpiredFiles(true)
        .deleteWith(
            location -> {
              table.io().deleteFile(location);
              deleted.incrementAndGet();
            })
        .commit();
    table.refresh();
    before.removeAll(ids(table));
    if (!before.isEmpty()) {
      LOG.info(
          "Expired "
              + before.size()
              + " snapshots of "
              + table.name()
              + " and deleted "
              + deleted.get()
              + " files only they reached");
    }
    return new Result(before.size(), deleted.get());
  }

  private static Set<Long> ids(Table table) {
    Set<Long> out = new HashSet<>();
    for (Snapshot s : table.snapshots()) {
      out.add(s.snapshotId());
    }
    return out;
  }
}
