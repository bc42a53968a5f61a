package dev.floe.buffer;

import dev.floe.buffer.PartitionBuffer.Drained;
import dev.floe.event.EventRecord;
import dev.floe.lake.FlushSink;
import dev.floe.wal.WriteAheadLog;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ObjLongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ties one table's flushes to the write-ahead log. Each commit records with it (snapshot summary
 * and table properties, or the node's positions object) how far this node's log is in that table,
 * for that table's events only; after a restart, replayed events the table already holds are
 * dropped before anything is flushed ("reconciled"); after each commit the segments no table needs
 * any more are deleted.
 */
final class WalFlushLog implements FlushLog {
  private static final Logger LOG = Logger.getLogger(WalFlushLog.class.getName());

  private final WriteAheadLog wal;
  private final Partitions partitions;
  private final FlushSink sink;
  private final long retainMillis;
  private volatile CommittedPositions committed; // this log's, null until reconciled
  private volatile CommittedPositions expected; // what the table holds for this node
  private volatile String tableUuid; // the table those positions are in
  private volatile String validatedUuid; // the table the running commit was checked against
  private volatile String blocked; // why commits are refused, or null
  private final java.util.function.LongConsumer voided; // retry dedup forgets voided records
  private final String table; // whose partitions this log speaks for; null: all of them
  private final LongSupplier floor; // oldest log position not committed in its table, any table
  private volatile boolean replayed; // the log put events of this table back into the buffers

  /**
   * The log of a node with one table.
   *
   * @param retainMillis how long committed segments stay for retry dedup ({@code
   *     FLOE_DEDUP_WINDOW}); 0 deletes them at once
   */
  WalFlushLog(
      WriteAheadLog wal,
      Partitions partitions,
      FlushSink sink,
      long retainMillis,
      java.util.function.LongConsumer voided) {
    this(wal, null, partitions, sink, retainMillis, voided, null);
  }

  /**
   * The log as one table ({@code namespace.name}) sees it: that table's positions, its partitions.
   *
   * @param floor the oldest log position of an event not yet committed in its table, over all
   *     tables, or the log's next position when there is none: how far the log may be truncated;
   *     the same object for every table of the log (truncations lock it)
   */
  WalFlushLog(
      WriteAheadLog wal,
      String table,
      Partitions partitions,
      FlushSink sink,
      long retainMillis,
      java.util.function.LongConsumer voided,
      LongSupplier floor) {
    this.table = table;
    this.floor = floor != null ? floor : () -> partitions.oldestBuffered(null, wal::nextPosition);
    this.voided = voided;
    this.wal = wal;
    this.partitions = partitions;
    this.sink = sink;
    this.retainMillis = retainMillis;
  }

  WriteAheadLog wal() {
    return wal;
  }

  /**
   * Puts every record the log recovered back into the buffers (one table: {@code table} is null)
   * and hands each record's events to {@code replayed}; returns how many events came back.
   */
  int replay(ObjLongConsumer<List<EventRecord>> replayed) {
    int count =
        LogReplay.replay(wal, partitions, "", replayed).values().stream().mapToInt(i -> i).sum();
    this.replayed = count > 0;
    return count;
  }

  /** Replayed events of this table wait in the buffers: check them before its first flush. */
  void replayed() {
    replayed = true;
  }

  @Override
  public boolean ready() {
    return (committed != null || !replayed) && wal.brokenReason() == null;
  }

  @Override
  public boolean reconciled() {
    return committed != null && wal.brokenReason() == null;
  }

  @Override
  public String waitingFor() {
    String broken = wal.brokenReason();
    if (broken != null) {
      return broken + "; new events get 503 until it can write again";
    }
    return ready()
        ? null
        : "replayed events are not yet checked against the table"
            + (table == null ? "" : " " + table);
  }

  @Override
  public void beforeFlush() {
    if (wal.brokenReason() != null) {
      WalHealth.repair(wal, partitions, voided);
    }
    if (committed == null) {
      reconcile();
    }
  }

  /** Drops every replayed event the table already holds, per this node's positions in it. */
  private synchronized void reconcile() {
    if (committed != null) {
      return;
    }
    FlushSink.Recorded recorded = sink.recorded();
    CommittedPositions inTable = CommittedPositions.in(wal.nodeId(), recorded);
    CommittedPositions ours = ours(inTable);
    int dropped = partitions.dropCommitted(table, ours::holds);
    expected = inTable;
    tableUuid = recorded.uuid();
    committed = ours;
    LOG.info(
        "Write-ahead log of node "
            + wal.nodeId()
            + " checked against the table"
            + (table == null ? "" : " " + table)
            + ": its position there is "
            + ours.watermark()
            + "; "
            + dropped
            + " replayed events were already committed and were dropped");
    truncate();
  }

  /**
   * Notes in the log how far every table holds its events, and deletes the segments below: below
   * the oldest event not yet committed in its table, over all tables (buffered, or held by a commit
   * of unknown outcome). A table with nothing waiting holds nothing back.
   */
  private void truncate() {
    // every table's log shares the floor: tables committing side by side truncate one at a time,
    // each with a floor read after the one before, so the checkpoint never goes back
    synchronized (floor) {
      long through = floor.getAsLong() - 1;
      try {
        wal.checkpoint(through);
        wal.deleteThrough(through, retainMillis);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Could not delete committed log segments", e);
      }
    }
  }

  /**
   * The table's positions for this node as they apply to this log: a log with another identity (a
   * new volume, a wiped folder) counts from 1 again, so the table's positions say nothing of its
   * records and none of them is taken as committed.
   */
  private CommittedPositions ours(CommittedPositions inTable) {
    CommittedPositions ours = inTable.forLog(wal.identity());
    if (ours.watermark() != inTable.watermark()
        || !ours.partitions().equals(inTable.partitions())) {
      LOG.warning(
          "The table holds node "
              + wal.nodeId()
              + "'s positions of another log ("
              + inTable.logId()
              + ", position "
              + inTable.watermark()
              + "); this log ("
              + wal.identity().id()
              + ") is a new one, so none of its records counts as committed");
    }
    return ours;
  }

  /**
   * The first log position a partition's batch holds names its object: after a crash the replayed
   * buffer of that partition starts at the same position (everything before it was recorded as
   * committed, or it would have been in that batch), so a repeated flush overwrites the object. The
   * log id keeps a new log, whose positions restart at 1, off an old log's objects.
   */
  @Override
  public String objectName(Drained drained) {
    long first = drained.firstPosition();
    return first <= 0
        ? null
        : String.format("%s-%s-%019d", wal.nodeId(), wal.identity().id(), first);
  }

  @Override
  public Map<String, String> beforeCommit(List<Drained> drained) {
    long last = 0;
    Map<String, Long> perPartition = new HashMap<>();
    for (Drained d : drained) {
      long p = d.lastPosition();
      last = Math.max(last, p);
      if (p > 0) {
        perPartition.merge(d.from().key.toString(), p, Math::max);
      }
    }
    try {
      wal.force(last); // a committed record must never be one the log could lose
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    long oldestUncommitted = partitions.oldestBuffered(table, wal::nextPosition);
    return committed.advance(oldestUncommitted - 1, perPartition).summary(wal.nodeId());
  }

  /**
   * This node's positions in the base must be the ones the table held when this node last looked:
   * if they moved, another process writes under the same node id (or a commit of ours landed
   * unnoticed), and committing on top could record positions that skip or repeat events. A base of
   * another table (dropped and created again) that holds nothing for this node is fine: the old
   * positions went with the old table, and this log's go into the new one.
   */
  @Override
  public void validateBase(FlushSink.Recorded base) {
    CommittedPositions want = expected;
    if (want == null) {
      return;
    }
    CommittedPositions found = CommittedPositions.in(wal.nodeId(), base);
    String uuid = base == null ? null : base.uuid();
    boolean otherTable = tableUuid != null && uuid != null && !tableUuid.equals(uuid);
    if (!(otherTable ? found.isEmpty() : found.equals(want))) {
      blocked =
          String.format(
              "another process commits under FLOE_NODE_ID=%s: the table holds log %s at position"
                  + " %d where this node (log %s) expected log %s at %d; give each process its"
                  + " own node id, then restart this one",
              wal.nodeId(),
              found.logId(),
              found.watermark(),
              wal.identity().id(),
              want.logId(),
              want.watermark());
      throw new org.apache.iceberg.exceptions.ValidationException("Commit refused: %s", blocked);
    }
    validatedUuid = uuid;
  }

  /** Why commits are refused until an operator acts, or null. */
  @Override
  public String blocked() {
    return blocked;
  }

  @Override
  public void afterCommit(Map<String, String> summary) {
    CommittedPositions now = CommittedPositions.fromSummary(wal.nodeId(), summary);
    if (now == null) {
      return;
    }
    committed = now;
    expected = now;
    if (validatedUuid != null) {
      tableUuid = validatedUuid;
    }
    blocked = null;
    truncate();
  }
}
