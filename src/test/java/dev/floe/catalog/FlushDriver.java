package dev.floe.catalog;

import dev.floe.event.EventRecord;
import dev.floe.lake.TableCommitter;
import dev.floe.lake.WriteResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.exceptions.CommitStateUnknownException;

/**
 * Flushes acknowledged events through a real {@link TableCommitter} with the flusher's protocol:
 * write, commit once; a failed flush puts its events back; a commit of unknown outcome keeps its
 * files and is settled, before anything else, by looking up its commit id and committing the same
 * files again when it is not there. Each step is one call, so a test can interleave faults.
 */
final class FlushDriver {
  private final TableCommitter committer;
  private final Deque<List<List<EventRecord>>> waiting = new ArrayDeque<>();
  private final List<String> acknowledged = new ArrayList<>();
  private Unknown unknown;
  final List<String> failures = new ArrayList<>();

  private record Unknown(String commitId, List<List<EventRecord>> events, WriteResult written) {}

  FlushDriver(TableCommitter committer) {
    this.committer = committer;
  }

  /** Acknowledges a flush's worth of events (partitions of events) and queues it. */
  void accept(List<List<EventRecord>> partitions) {
    partitions.forEach(p -> p.forEach(e -> acknowledged.add(e.id())));
    waiting.add(partitions);
  }

  List<String> acknowledged() {
    return acknowledged;
  }

  boolean done() {
    return waiting.isEmpty() && unknown == null;
  }

  /** Flushes until everything acknowledged is committed; fails after {@code maxSteps} steps. */
  void drain(int maxSteps) {
    for (int i = 0; i < maxSteps && !done(); i++) {
      step();
    }
    if (!done()) {
      throw new AssertionError("not committed after " + maxSteps + " flushes: " + failures);
    }
  }

  /** One flush: settles an unknown commit first, else commits the next waiting events. */
  void step() {
    if (unknown != null) {
      settle();
      return;
    }
    List<List<EventRecord>> events = waiting.poll();
    if (events == null) {
      return;
    }
    String commitId = UUID.randomUUID().toString();
    WriteResult written;
    try {
      written = committer.write(events, commitId);
    } catch (RuntimeException e) {
      putBack(events, e);
      return;
    }
    commit(new Unknown(commitId, events, written));
  }

  private void settle() {
    Unknown u = unknown;
    try {
      if (committer.committed(u.commitId()) != null) {
        unknown = null;
        return;
      }
    } catch (RuntimeException e) {
      failures.add("lookup: " + e);
      return; // still unknown
    }
    commit(u);
  }

  private void commit(Unknown attempt) {
    try {
      committer.commit(attempt.written(), attempt.commitId(), Map.of());
      unknown = null;
    } catch (CommitStateUnknownException e) {
      failures.add("unknown: " + e.getMessage());
      unknown = attempt;
    } catch (RuntimeException e) {
      unknown = null;
      putBack(attempt.events(), e);
    }
  }

  private void putBack(List<List<EventRecord>> events, RuntimeException e) {
    failures.add("failed: " + e);
    waiting.addFirst(events);
  }
}
