package dev.floe.query;

import dev.floe.buffer.BufferedEvents;
import dev.floe.config.QuerySettings;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;

/**
 * Prepares queries: pins the table's current snapshot (together with a copy of this node's buffered
 * events when they are asked for, see {@link BufferedEvents}), plans, and hands back a run to
 * stream. Planning happens before the answer starts, so a query too broad is refused with a 400
 * instead of an answer cut short.
 */
final class QueryService {
  /** How long a query waits for a running flush before it gives up with a 503. */
  static final long FLUSH_WAIT_MS = 10_000;

  /** This node's buffered events with a pin of the table taken in the same moment. */
  interface Buffers {
    BufferedEvents<Long> buffered(Predicate<PartitionKey> which, Supplier<Long> pin, long waitMs)
        throws InterruptedException;
  }

  /**
   * Thrown when a read-your-writes query could not take its copy of the buffers: a flush ran too
   * long, or the events replayed at start are not yet checked against the table.
   */
  static final class BusyException extends RuntimeException {
    BusyException() {
      super(
          "this node's buffers are being flushed or checked against the table; try again",
          null,
          false,
          false);
    }
  }

  private final Supplier<Table> table;
  private final Buffers buffers;
  private final QuerySettings bounds;

  QueryService(Supplier<Table> table, Buffers buffers, QuerySettings bounds) {
    this.table = table;
    this.buffers = buffers;
    this.bounds = bounds;
  }

  /** A planned query, ready to stream. */
  record Prepared(QueryRun run, QueryPlan plan) {
    void write(OutputStream out) throws java.io.IOException {
      run.write(out);
    }
  }

  QuerySettings bounds() {
    return bounds;
  }

  Table table() {
    return table.get();
  }

  Prepared prepare(QueryRequest q) {
    long deadline = System.nanoTime() + bounds.timeoutMs() * 1_000_000L;
    Table t = table.get();
    Expression filter = QueryFilter.of(q);
    Pinned pinned = pin(t, q.includeBuffered(), q.types(), q.from(), q.to());
    QueryPlan plan = QueryPlan.plan(t, pinned.snapshotId(), q, filter, bounds.maxFiles());
    Map<Long, List<Record>> mine = BufferedRows.matching(t.schema(), pinned.buffered(), filter);
    return new Prepared(new QueryRun(t.io(), plan, q, mine, deadline), plan);
  }

  EventCounts.Counted counts(
      List<String> types, Instant from, Instant to, EventCounts.GroupBy by, boolean buffered) {
    Table t = table.get();
    Pinned pinned = pin(t, buffered, types, from, to);
    return EventCounts.count(t, pinned.snapshotId(), pinned.buffered(), types, from, to, by);
  }

  private record Pinned(Long snapshotId, Map<PartitionKey, List<EventRecord>> buffered) {}

  /**
   * The snapshot to read, refreshed so other nodes' commits count; with {@code buffered}, pinned
   * while no flush of this node runs, together with the copy of its buffers.
   */
  private Pinned pin(Table t, boolean buffered, List<String> types, Instant from, Instant to) {
    Supplier<Long> snapshot =
        () -> {
          t.refresh();
          Snapshot s = t.currentSnapshot();
          return s == null ? null : s.snapshotId();
        };
    if (!buffered) {
      return new Pinned(snapshot.get(), Map.of());
    }
    BufferedEvents<Long> view;
    try {
      view = buffers.buffered(partitions(types, from, to), snapshot, FLUSH_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BusyException();
    }
    if (view == null) {
      throw new BusyException();
    }
    return new Pinned(view.pinned(), view.events());
  }

  /** The buffered partitions a query may need: its types, the hours its range touches. */
  static Predicate<PartitionKey> partitions(List<String> types, Instant from, Instant to) {
    long first = from == null ? Long.MIN_VALUE : Math.floorDiv(from.getEpochSecond(), 3600);
    long last =
        to == null ? Long.MAX_VALUE : Math.floorDiv(to.minusNanos(1).getEpochSecond(), 3600);
    return k ->
        (types.isEmpty() || types.contains(k.type()))
            && k.epochHour() >= first
            && k.epochHour() <= last;
  }
}
