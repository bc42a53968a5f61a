package dev.floe.lake;

import dev.floe.catalog.ForwardingTableOperations;
import java.util.logging.Logger;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;

/**
 * Table operations for one flush's commit that make it land at most once, and remember whether it
 * did. An attempt whose base already holds a snapshot with the flush's commit id is not committed
 * again: an earlier attempt landed (one answered as lost, or one still in flight when its outcome
 * was settled by committing the same files again). Once an attempt is ours, the committer keeps
 * every file the snapshot references, whatever fails afterwards.
 */
final class CommitOnceOperations extends ForwardingTableOperations {
  private static final Logger LOG = Logger.getLogger(CommitOnceOperations.class.getName());

  private final String commitId;
  private volatile boolean landed;

  CommitOnceOperations(TableOperations delegate, String commitId) {
    super(delegate);
    this.commitId = commitId;
  }

  /** True once an attempt of this commit is in the table (ours, or found there). */
  boolean landed() {
    return landed;
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    if (holds(base, commitId)) {
      // Iceberg then finds no snapshot of this attempt and skips its clean-up: the manifests it
      // would delete may be the ones the landed attempt references
      LOG.info("Commit " + commitId + " is already in the table; not committing it again");
      landed = true;
      return;
    }
    delegate.commit(base, metadata);
    landed = true;
  }

  private static boolean holds(TableMetadata base, String commitId) {
    if (base == null) {
      return false;
    }
    if (NodeProperties.name(base.properties(), commitId)) {
      return true; // its snapshot may have expired since
    }
    for (Snapshot s : base.snapshots()) {
      if (commitId.equals(s.summary().get(TableCommitter.COMMIT_ID))) {
        return true;
      }
    }
    return false;
  }
}
