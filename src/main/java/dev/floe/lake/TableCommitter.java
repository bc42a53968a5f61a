package dev.floe.lake;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.event.EventRecord;
import dev.floe.metrics.FloeStats;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestWriter;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.iceberg.util.ThreadPools;

/**
 * The one place that writes to the table: data files first, then one append per flush. Every
 * snapshot carries the flush's commit id, so a commit whose outcome was unknown can be looked up
 * instead of repeated.
 */
public final class TableCommitter {
  /** Snapshot summary key holding the id of the flush a snapshot came from. */
  public static final String COMMIT_ID = "floe.commit-id";

  /**
   * Summary key of a commit that is not a node's flush but must still be found after its snapshot
   * expired (a dead-letter replay): the commit also sets this table property to its commit id, and
   * {@link #landed} reads it. One such commit runs at a time per table (the replay lease), so the
   * last one is the only one that can be in doubt.
   */
  public static final String KEPT_COMMIT_ID = "floe.kept-commit-id";

  private static final Logger LOG = Logger.getLogger(TableCommitter.class.getName());
  private static final int LOOKUP_DEPTH = 1000;

  private final CatalogStrategy catalog;
  private final FloeStats stats;
  private volatile ExecutorService stoppingPool;
  // commit ids whose outcome was unknown and that are not known to have landed
  private final Set<String> maybeLanded = ConcurrentHashMap.newKeySet();

  /** The table, refreshed: what the catalog holds now. */
  public Table table() {
    Table t = catalog.table();
    t.refresh();
    return t;
  }

  public TableCommitter(CatalogStrategy catalog) {
    this(catalog, new FloeStats());
  }

  public TableCommitter(CatalogStrategy catalog, FloeStats stats) {
    this.stats = stats;
    this.catalog = catalog;
    // maintenance deletes no orphan file while one of these may still land and reference it
    stats.commitsInDoubt.addSource(maybeLanded::size); // summed over tables
  }

  /** Writes one data file per group of same-partition events; commits nothing. */
  public WriteResult write(Collection<List<EventRecord>> partitions, String commitId) {
    return DataFileWriter.write(catalog.table(), partitions, commitId);
  }

  /**
   * Appends the files in one snapshot. A {@link CommitStateUnknownException} leaves the files in
   * place (the snapshot may reference them); any other failure deletes them, unless an earlier
   * attempt of the same commit had an unknown outcome: that one may still land, so its files stay
   * and the outcome stays unknown.
   */
  public CommitResult commit(WriteResult written, String commitId, Map<String, String> summary) {
    return commit(written, commitId, summary, null);
  }

  /**
   * Commits, checking {@code validateBase} against the table metadata the append is applied to, on
   * every attempt (Iceberg refreshes and re-applies after a conflict); a check that throws stops
   * the commit and its files are deleted. An attempt finding the commit id already in the table
   * commits nothing, and once an attempt landed nothing it references is deleted.
   */
  public CommitResult commit(
      WriteResult written,
      String commitId,
      Map<String, String> summary,
      Consumer<TableMetadata> validateBase) {
    Table table = catalog.table();
    CommitOnceOperations once =
        new CommitOnceOperations(
            new InstrumentedOperations(
                ((HasTableOperations) table).operations(), validateBase, stats),
            commitId);
    table = new BaseTable(once, table.name());
    long start = System.nanoTime();
    String manifest = null;
    try {
      ExecutorService pool = stoppingPool;
      // one transaction: the append and the node's state in the table properties land together,
      // and a retry after a lost race re-applies both on the new base
      Transaction tx = table.newTransaction();
      Table inTx = tx.table();
      AppendFiles append;
      if (pool != null) {
        // a name of its own per attempt: a retry of the same commit must not meet the manifest of
        // an attempt whose outcome is unknown, and may be referenced
        manifest = once.metadataFileLocation(commitId + "-" + UUID.randomUUID() + "-m0.avro");
        append = appendOnCallerThread(inTx, written, manifest).scanManifestsWith(pool);
      } else {
        append = inTx.newAppend();
        written.files().forEach(append::appendFile);
      }
      append.set(COMMIT_ID, commitId);
      summary.forEach(append::set);
      append.commit();
      Map<String, String> properties = NodeProperties.of(summary, commitId);
      if (!properties.isEmpty()) {
        UpdateProperties update = inTx.updateProperties();
        properties.forEach(update::set);
        update.commit();
      }
      tx.commitTransaction();
    } catch (CommitStateUnknownException e) {
      maybeLanded.add(commitId);
      throw e;
    } catch (RuntimeException e) {
      if (!once.landed()) {
        throw notCommitted(table, written, commitId, manifest, e);
      }
      LOG.log(Level.WARNING, "Commit " + commitId + " landed; a later step failed", e);
    }
    Snapshot snapshot = find(table, commitId);
    if (snapshot == null) {
      maybeLanded.add(commitId);
      throw new CommitStateUnknownException(
          new IllegalStateException("commit " + commitId + " landed but is not in the table now"));
    }
    maybeLanded.remove(commitId);
    long snapshotId = snapshot.snapshotId();
    long nanos = System.nanoTime() - start;
    long ms = nanos / 1_000_000;
    stats.commitDuration.record(nanos);
    stats.snapshotsCommitted.inc(1);
    stats.eventsCommitted.inc(written.rows());
    stats.filesWritten.inc(written.files().size());
    stats.bytesWritten.inc(written.files().stream().mapToLong(f -> f.fileSizeInBytes()).sum());
    LOG.info(
        String.format(
            "Committed %s snapshot %d: %d rows in %d files (%d ms)",
            table.name(), snapshotId, written.rows(), written.files().size(), ms));
    return new CommitResult(snapshotId, written.paths(), written.rows());
  }

  /**
   * A commit that certainly did not land this time. Its data files go, unless an earlier attempt
   * with the same commit id had an unknown outcome: that attempt may still land and reference them,
   * so they stay and the outcome stays unknown. This attempt's own manifest is referenced by no
   * one.
   */
  private RuntimeException notCommitted(
      Table table, WriteResult written, String commitId, String manifest, RuntimeException e) {
    if (manifest != null) {
      DataFileWriter.deleteQuietly(table, manifest);
    }
    if (maybeLanded.contains(commitId)) {
      LOG.log(
          Level.WARNING,
          "Commit " + commitId + " failed again; an earlier attempt may still land, files kept",
          e);
      return new CommitStateUnknownException(e);
    }
    DataFileWriter.delete(table, written.files());
    return e;
  }

  /**
   * From now on, commits stay off Iceberg's shared worker pool. While the JVM shuts down, that pool
   * is shut down by its own hook and refuses the manifest work of a normal append; the final flush
   * then writes its manifest itself and lends the append a pool of its own.
   */
  public void stopping() {
    stoppingPool =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "floe-final-commit");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * After the final flush: stops the threads this deployment started, its own and Iceberg's worker
   * pool (Iceberg's classes, and so the pool, belong to this deployment), so an undeploy or a
   * redeploy leaves none running.
   */
  public void close() {
    closeOwnThreads();
    ThreadPools.getWorkerPool().shutdown();
  }

  /** Stops the final-commit thread, if {@link #stopping()} started one, and the file writers. */
  public void closeOwnThreads() {
    WritePool.shutdown();
    ExecutorService pool = stoppingPool;
    if (pool != null) {
      pool.shutdown();
    }
  }

  private static AppendFiles appendOnCallerThread(
      Table table, WriteResult written, String location) {
    ManifestWriter<DataFile> writer =
        ManifestFiles.write(
            TableUtil.formatVersion(table), table.spec(), table.io().newOutputFile(location), null);
    try (writer) {
      written.files().forEach(writer::add);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return table.newFastAppend().appendManifest(writer.toManifestFile());
  }

  /** The snapshot of an earlier commit with this id, or null when it never landed. */
  public Snapshot committed(String commitId) {
    Table table = catalog.table();
    table.refresh();
    Snapshot found = find(table, commitId);
    if (found != null) {
      maybeLanded.remove(commitId);
    }
    return found;
  }

  /**
   * Whether an earlier commit with this id landed: a node's last commit id in the table properties,
   * else a snapshot of the current ancestry. The properties still answer after that snapshot
   * expired or another tool rewrote the table.
   */
  public boolean landed(String commitId) {
    Table table = catalog.table();
    table.refresh();
    return NodeProperties.name(table.properties(), commitId) || find(table, commitId) != null;
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
