package dev.floe.deadletter;

import dev.floe.event.EventRecord;
import dev.floe.lake.FlushSink;
import dev.floe.lake.TableCommitter;
import dev.floe.lake.TableSink;
import dev.floe.lake.WriteResult;
import dev.floe.metrics.FloeStats;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The dead-letter table as a {@link FlushSink}: dead letters are buffered, logged and flushed like
 * any event, so a 2xx keeps them as it keeps events; only the rows differ ({@link
 * DeadLetterWriter}). The commit, its log positions and its lookups are the events table's own
 * ({@link TableSink}), which makes dead letters land exactly once too.
 */
public final class DeadLetterSink implements FlushSink {
  private final TableCommitter committer;
  private final TableSink sink;
  private final Supplier<String> node;
  private final FloeStats stats;

  /**
   * @param committer commits to the dead-letter table
   * @param node the node id written in the {@code node} column
   * @param stats counts committed dead letters by reason ({@code floe_dead_lettered_total})
   */
  public DeadLetterSink(TableCommitter committer, Supplier<String> node, FloeStats stats) {
    this.committer = committer;
    this.stats = stats;
    this.sink = new TableSink(committer);
    this.node = node;
  }

  /** The files of a write, and how many dead letters of each reason they hold. */
  private record DeadLettersWritten(WriteResult files, Map<String, Long> byReason)
      implements Written {
    @Override
    public long rows() {
      return files.rows();
    }

    @Override
    public List<String> paths() {
      return files.paths();
    }
  }

  @Override
  public Written write(List<Batch> batches, String commitId) {
    Map<String, Long> byReason = new TreeMap<>();
    for (Batch b : batches) {
      for (EventRecord e : b.events()) {
        byReason.merge(e.extensions().getOrDefault(DeadLetter.REASON, "?"), 1L, Long::sum);
      }
    }
    WriteResult files =
        DeadLetterWriter.write(
            committer.table(), batches.stream().map(Batch::events).toList(), commitId, node.get());
    return new DeadLettersWritten(files, byReason);
  }

  @Override
  public Landed commit(
      Written written, String commitId, Map<String, String> summary, Consumer<Recorded> validate) {
    DeadLettersWritten w = (DeadLettersWritten) written;
    Landed landed = sink.commit(w.files(), commitId, summary, validate);
    w.byReason().forEach(stats.deadLettered::inc);
    return landed;
  }

  @Override
  public boolean landed(String commitId) {
    return sink.landed(commitId);
  }

  @Override
  public void discard(Written written) {
    sink.discard(((DeadLettersWritten) written).files());
  }

  @Override
  public Recorded recorded() {
    return sink.recorded();
  }

  @Override
  public void stopping() {
    sink.stopping();
  }

  @Override
  public void close(boolean ownsSharedThreads) {
    sink.close(ownsSharedThreads);
  }
}
