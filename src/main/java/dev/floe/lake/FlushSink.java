package dev.floe.lake;

import dev.floe.event.EventRecord;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a flush lands: the Iceberg table ({@link TableSink}) or plain objects ({@code
 * dev.floe.objects.ObjectSink}). A flush writes first, then commits once; the commit records the
 * write-ahead-log positions it brings in ({@code summary}) together with a commit id, so that a
 * commit whose outcome was unknown can be looked up ({@link #landed}) instead of repeated, and a
 * restart can read back how far each node's log is ({@link #recorded}).
 */
public interface FlushSink {

  /**
   * The events of one partition, and the name of what they are written to when the sink names its
   * files after the log positions they hold; null when nothing was logged.
   */
  record Batch(List<EventRecord> events, String name) {}

  /** What a write left behind, not yet committed: only the sink that wrote it reads it. */
  interface Written {
    long rows();

    List<String> paths();
  }

  /**
   * A landed commit: the snapshot that holds it (null when the sink keeps no snapshots), its files
   * and rows.
   */
  record Landed(Long snapshotId, List<String> files, long rows) {}

  /**
   * What the sink holds of the nodes' positions: the entries its newest commit recorded ({@code
   * current}, the table properties or a node's positions object), then older commits' entries,
   * newest first. {@code uuid} names the table they are in; null without a table.
   */
  record Recorded(String uuid, Map<String, String> current, Iterable<Map<String, String>> history) {
    public static final Recorded NONE = new Recorded(null, Map.of(), List.of());
  }

  /** Writes each batch; commits nothing. */
  Written write(List<Batch> batches, String commitId);

  /**
   * Commits what {@link #write} returned, with {@code summary} recorded; {@code validate} sees what
   * the sink holds just before and may throw to stop the commit. Throws Iceberg's {@code
   * CommitStateUnknownException} when the commit may or may not have landed: then its files stay.
   */
  Landed commit(
      Written written, String commitId, Map<String, String> summary, Consumer<Recorded> validate);

  /** Whether an earlier commit with this id landed. */
  boolean landed(String commitId);

  /** Deletes what a write left that no commit references. */
  void discard(Written written);

  /** What the sink holds now of the nodes' positions. */
  Recorded recorded();

  /** The application is stopping: the final flush comes next. */
  default void stopping() {}

  /**
   * After the final flush: stops the threads the sink started, and shared ones when it owns them.
   */
  default void close(boolean ownsSharedThreads) {}
}
