package dev.floe.deadletter;

import dev.floe.lake.FlushSink;
import dev.floe.lake.TableCommitter;
import dev.floe.lake.TableSink;
import java.util.List;
import java.util.Map;
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

  /**
   * @param committer commits to the dead-letter table
   * @param node the node id written in the {@code node} column
   */
  public DeadLetterSink(TableCommitter committer, Supplier<String> node) {
    this.committer = committer;
    this.sink = new TableSink(committer);
    this.node = node;
  }

  @Override
  public Written write(List<Batch> batches, String commitId) {
    return DeadLetterWriter.write(
        committer.table(), batches.stream().map(Batch::events).toList(), commitId, node.get());
  }

  @Override
  public Landed commit(
      Written written, String commitId, Map<String, String> summary, Consumer<Recorded> validate) {
    return sink.commit(written, commitId, summary, validate);
  }

  @Override
  public boolean landed(String commitId) {
    return sink.landed(commitId);
  }

  @Override
  public void discard(Written written) {
    sink.discard(written);
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
