package dev.floe.lake;

import dev.floe.event.EventRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;

/**
 * The table as a {@link FlushSink}: each flush is one snapshot appended by {@link TableCommitter};
 * positions live in the table properties and the snapshot summaries.
 */
public final class TableSink implements FlushSink {
  private final TableCommitter committer;

  public TableSink(TableCommitter committer) {
    this.committer = committer;
  }

  @Override
  public Written write(List<Batch> batches, String commitId) {
    List<List<EventRecord>> partitions = new ArrayList<>(batches.size());
    batches.forEach(b -> partitions.add(b.events()));
    return committer.write(partitions, commitId);
  }

  @Override
  public Landed commit(
      Written written, String commitId, Map<String, String> summary, Consumer<Recorded> validate) {
    CommitResult r =
        committer.commit(
            (WriteResult) written, commitId, summary, base -> validate.accept(of(base)));
    return new Landed(r.snapshotId(), r.files(), r.rows());
  }

  @Override
  public boolean landed(String commitId) {
    return committer.landed(commitId);
  }

  @Override
  public void discard(Written written) {
    committer.discard((WriteResult) written);
  }

  @Override
  public Recorded recorded() {
    Table t = committer.table();
    TableMetadata m = ((HasTableOperations) t).operations().current();
    return m == null
        ? new Recorded(null, t.properties(), summaries(t.currentSnapshot(), t::snapshot))
        : of(m);
  }

  @Override
  public void stopping() {
    committer.stopping();
  }

  @Override
  public void close(boolean ownsSharedThreads) {
    if (ownsSharedThreads) {
      committer.close();
    } else {
      committer.closeOwnThreads(); // Iceberg's worker pool is the application's too
    }
  }

  /** The positions in table metadata: a commit's base; null when there is no table yet. */
  static Recorded of(TableMetadata base) {
    return base == null
        ? null
        : new Recorded(
            base.uuid(), base.properties(), summaries(base.currentSnapshot(), base::snapshot));
  }

  /** The summaries of the ancestry from {@code current}, read as they are walked. */
  private static Iterable<Map<String, String>> summaries(
      Snapshot current, LongFunction<Snapshot> byId) {
    return () ->
        new Iterator<>() {
          private Snapshot next = current;

          @Override
          public boolean hasNext() {
            return next != null;
          }

          @Override
          public Map<String, String> next() {
            if (next == null) {
              throw new NoSuchElementException();
            }
            Snapshot s = next;
            next = s.parentId() == null ? null : byId.apply(s.parentId());
            return s.summary();
          }
        };
  }
}
