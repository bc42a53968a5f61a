package dev.floe.buffer;

import dev.floe.buffer.PartitionBuffer.Drained;
import java.util.List;
import java.util.Map;

/** What a flush tells the write-ahead log, and asks of it. */
interface FlushLog {

  /** No log: events live in memory until their flush. */
  FlushLog NONE =
      new FlushLog() {
        @Override
        public boolean ready() {
          return true;
        }

        @Override
        public void beforeFlush() {}

        @Override
        public Map<String, String> beforeCommit(List<Drained> drained) {
          return Map.of();
        }

        @Override
        public void afterCommit(Map<String, String> summary) {}
      };

  /** False while replayed events still have to be checked against the table, or the log fails. */
  boolean ready();

  /**
   * True once this node's positions in the table were read (the log is checked against it). A log
   * that replayed nothing is {@link #ready()} at once, but is still checked at start, so that
   * another process committing under the same node id later is noticed (it moves the positions this
   * node read); default: {@link #ready()}.
   */
  default boolean reconciled() {
    return ready();
  }

  /** Why {@link #ready()} is false, or null. */
  default String waitingFor() {
    return ready() ? null : "replayed events are not yet checked against the table";
  }

  /** Runs before a flush drains anything; throws when flushes must wait. */
  void beforeFlush();

  /** The summary entries of the commit of {@code drained}; their records are on disk after it. */
  Map<String, String> beforeCommit(List<Drained> drained);

  /** The commit with {@code summary} landed. */
  void afterCommit(Map<String, String> summary);

  /**
   * Checks what the sink holds just before a commit is applied; throws to stop the commit. The
   * default accepts any.
   */
  default void validateBase(dev.floe.lake.FlushSink.Recorded base) {}

  /**
   * The name of the object that holds {@code drained}, derived from the log positions it holds (the
   * same for a repeated flush of the same events), or null when the events were not logged.
   */
  default String objectName(Drained drained) {
    return null;
  }

  /** Why commits are refused until an operator acts (a shared node id), or null. */
  default String blocked() {
    return null;
  }
}
