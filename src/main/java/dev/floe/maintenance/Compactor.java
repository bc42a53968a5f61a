package dev.floe.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.BinPackRewriteFilePlanner;
import org.apache.iceberg.actions.RewriteDataFilesCommitManager;
import org.apache.iceberg.actions.RewriteFileGroup;
import org.apache.iceberg.actions.SizeBasedFileRewritePlanner;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Merges small data files: Iceberg's bin-packing planner picks, per partition, groups of at least
 * {@code COMPACTION_THRESHOLD} files smaller than the target size; each group is rewritten sorted
 * by time; all groups go into one {@code RewriteFiles} commit validated from the snapshot the plan
 * was made on. Appends committed meanwhile are kept (Iceberg re-applies the rewrite on top); a
 * rewrite that lost its files to another compactor fails validation, and its new files are deleted.
 */
final class Compactor {
  private static final Logger LOG = Logger.getLogger(Compactor.class.getName());

  /** Snapshot summary key marking Floe's compaction commits. */
  static final String SUMMARY_KEY = "floe.maintenance";

  record Result(
      int partitions, int filesRewritten, long bytesRewritten, int filesWritten, String note) {
    static final Result NOTHING = new Result(0, 0, 0, 0, null);
  }

  private final int threshold;
  private final long targetBytes;

  Compactor(int threshold, long targetBytes) {
    this.threshold = threshold;
    this.targetBytes = targetBytes;
  }

  Result run(Table table, BooleanSupplier stopping) {
    Snapshot start = table.currentSnapshot();
    if (start == null) {
      return Result.NOTHING;
    }
    List<RewriteFileGroup> groups = plan(table, start.snapshotId());
    if (groups.isEmpty()) {
      return Result.NOTHING;
    }
    GroupRewriter rewriter = new GroupRewriter(table, stopping);
    List<RewriteFileGroup> done = new ArrayList<>();
    String note = null;
    for (RewriteFileGroup g : groups) {
      try {
        g.setOutputFiles(rewriter.rewrite(g));
        done.add(g);
      } catch (RuntimeException e) {
        note = "a group of " + g.inputFileNum() + " files was left as it is: " + e.getMessage();
        LOG.log(Level.WARNING, "Compaction of " + table.name() + ": " + note, e);
        if (stopping.getAsBoolean()) {
          break;
        }
      }
    }
    if (done.isEmpty()) {
      return new Result(0, 0, 0, 0, note);
    }
    RewriteDataFilesCommitManager commits =
        new RewriteDataFilesCommitManager(
            table, start.snapshotId(), true, Map.of(SUMMARY_KEY, "compaction"));
    try {
      commits.commitOrClean(new HashSet<>(done)); // on failure, deletes the new files
    } catch (CommitStateUnknownException e) {
      throw e; // the new files may be in the table: they stay, orphan cleanup decides later
    } catch (RuntimeException e) {
      // lost to another compactor (its files are gone) or the table changed shape: try next pass
      LOG.info("Compaction of " + table.name() + " skipped: " + e.getMessage());
      return new Result(0, 0, 0, 0, "compaction lost a race and is retried next pass: " + e);
    }
    Set<Object> partitions = new HashSet<>();
    int rewritten = 0;
    int written = 0;
    long bytes = 0;
    for (RewriteFileGroup g : done) {
      partitions.add(g.info().partition());
      rewritten += g.rewrittenFiles().size();
      written += g.addedFiles().size();
      bytes += g.rewrittenFiles().stream().mapToLong(DataFile::fileSizeInBytes).sum();
    }
    LOG.info(
        String.format(
            "Compacted %s snapshot %d: %d files (%d bytes) into %d in %d partitions",
            table.name(),
            table.currentSnapshot().snapshotId(),
            rewritten,
            bytes,
            written,
            partitions.size()));
    return new Result(partitions.size(), rewritten, bytes, written, note);
  }

  private List<RewriteFileGroup> plan(Table table, long snapshotId) {
    BinPackRewriteFilePlanner planner =
        new BinPackRewriteFilePlanner(table, Expressions.alwaysTrue(), snapshotId, true);
    planner.init(
        Map.of(
            SizeBasedFileRewritePlanner.MIN_INPUT_FILES, Integer.toString(threshold),
            SizeBasedFileRewritePlanner.TARGET_FILE_SIZE_BYTES, Long.toString(targetBytes),
            SizeBasedFileRewritePlanner.MAX_FILE_GROUP_SIZE_BYTES, Long.toString(targetBytes)));
    List<RewriteFileGroup> out = new ArrayList<>();
    try (CloseableIterable<RewriteFileGroup> groups = planner.plan().groups()) {
      groups.forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
