package dev.floe.maintenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Deletes files under the table location that the table's metadata does not reach: data files of
 * flushes that crashed before their commit, files of commits that lost, compactions cut short. A
 * file is deleted only when it is older than the grace period (a commit in flight, here or on
 * another node, still holds young files), and never outside the table location. The caller skips
 * the sweep while one of its own commits has an unknown outcome.
 */
final class OrphanSweeper {
  private static final Logger LOG = Logger.getLogger(OrphanSweeper.class.getName());

  private final long graceMs;

  OrphanSweeper(long graceMs) {
    this.graceMs = graceMs;
  }

  /** Deletes the orphans; returns how many, or -1 when the table's storage cannot list. */
  int run(Table table, long nowMillis) {
    if (!(table.io() instanceof SupportsPrefixOperations lister)) {
      return -1;
    }
    String root = ReachableFiles.key(table.location().replaceAll("/+$", "") + "/");
    // list first, then read what is reachable: a file committed in between is then reachable
    List<FileInfo> old = new ArrayList<>();
    for (FileInfo f : lister.listPrefix(table.location().replaceAll("/+$", "") + "/")) {
      if (f.createdAtMillis() > 0 && f.createdAtMillis() < nowMillis - graceMs) {
        old.add(f);
      }
    }
    table.refresh();
    Set<String> reachable = ReachableFiles.of(table);
    int deleted = 0;
    for (FileInfo f : old) {
      String key = ReachableFiles.key(f.location());
      if (!key.startsWith(root) || reachable.contains(key) || key.endsWith("/version-hint.text")) {
        continue;
      }
      try {
        table.io().deleteFile(f.location());
        deleted++;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Could not delete orphan file " + f.location(), e);
      }
    }
    if (deleted > 0) {
      LOG.info("Deleted " + deleted + " orphan files of " + table.name());
    }
    return deleted;
  }
}
