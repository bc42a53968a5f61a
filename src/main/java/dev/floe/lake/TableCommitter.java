package dev.floe.lake;

import dev.floe.catalog.CatalogStrategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The one place that writes to the table: data files first, then one append per flush. Every
 * snapshot carries the flush's commit id, so a commit whose outcome was unknown can be looked up
 * instead of repeated.
 */
@ApplicationScoped
public class TableCommitter {
  /** Snapshot summary key holding the id of the flush a snapshot came from. */
  public static final String COMMIT_ID = "floe.commit-id";

  private static final Logger LOG = Logger.getLogger(TableCommitter.class.getName());
  private static final int LOOKUP_DEPTH = 1000;

  @Inject CatalogStrategy catalog;

  protected TableCommitter() {} // for CDI

  public TableCommitter(CatalogStrategy catalog) {
    this.catalog = catalog;
  }

  /** Writes one data file per group of same-partition events; commits nothing. */
  public WriteResult write(Collection<List<EventRecord>> partitions, String commitId) {
    return DataFileWriter.write(catalog.table(), partitions, commitId);
  }

  /**
   * Appends the files in one snapshot. A {@link CommitStateUnknownException} leaves the files in
   * place (the snapshot may reference them); any other failure deletes them.
   */
  public CommitResult commit(WriteResult written, String commitId, Map<String, String> summary) {
    Table table = catalog.table();
    long start = System.nanoTime();
    try {
      AppendFiles append = table.newAppend();
      written.files().forEach(append::appendFile);
      append.set(COMMIT_ID, commitId);
      summary.forEach(append::set);
      append.commit();
    } catch (CommitStateUnknownException e) {
      throw e;
    } catch (RuntimeException e) {
      DataFileWriter.delete(table, written.files());
      throw e;
    }
    long snapshotId = find(table, commitId).snapshotId();
    long ms = (System.nanoTime() - start) / 1_000_000;
    LOG.info(
        String.format(
            "Committed %s snapshot %d: %d rows in %d files (%d ms)",
            table.name(), snapshotId, written.rows(), written.files().size(), ms));
    return new CommitResult(snapshotId, written.paths(), written.rows(), ms);
  }

  /** The snapshot of an earlier commit with this id, or null when it never landed. */
  public Snapshot committed(String commitId) {
    Table table = catalog.table();
    table.refresh();
    return find(table, commitId);
  }

  /** Deletes data files that no snapshot references. */
  public void discard(WriteResult written) {
    DataFileWriter.delete(catalog.table(), written.files());
  }

  private static Snapshot find(Table table, String commitId) {
    int depth = 0;
    for (Snapshot s : SnapshotUtil.currentAncestors(table)) {
      if (commitId.equals(s.summary().get(COMMIT_ID))) {
        return s;
      }
      if (++depth >= LOOKUP_DEPTH) {
        break;
      }
    }
    return null;
  }
}
