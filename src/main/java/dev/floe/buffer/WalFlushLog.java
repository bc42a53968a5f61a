package dev.floe.buffer;

import dev.floe.buffer.PartitionBuffer.Drained;
import dev.floe.config.FloeSettings;
import dev.floe.event.EventRecord;
import dev.floe.lake.TableCommitter;
import dev.floe.wal.EventCodec;
import dev.floe.wal.WalRecord;
import dev.floe.wal.WriteAheadLog;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ties flushes to the write-ahead log. Each commit records in its snapshot summary how far this
 * node's log is in the table; after a restart, replayed events the table already holds are dropped
 * before anything is flushed ("reconciled"); after each commit the segments it covers are deleted.
 */
final class WalFlushLog implements FlushLog {
  private static final Logger LOG = Logger.getLogger(WalFlushLog.class.getName());

  private final WriteAheadLog wal;
  private final Partitions partitions;
  private final TableCommitter committer;
  private final long retainMillis;
  private volatile CommittedPositions committed; // null until reconciled with the table

  /**
   * @param retainMillis how long committed segments stay for retry dedup ({@code
   *     FLOE_DEDUP_WINDOW}); 0 deletes them at once
   */
  WalFlushLog(
      WriteAheadLog wal, Partitions partitions, TableCommitter committer, long retainMillis) {
    this.wal = wal;
    this.partitions = partitions;
    this.committer = committer;
    this.retainMillis = retainMillis;
  }

  /**
   * Opens the log in {@code w.dir()} and puts every record it recovered back into the buffers,
   * handing each record's events to {@code replayed} (retry dedup re-learns them).
   */
  static WalFlushLog open(
      FloeSettings.Wal w,
      long retainMillis,
      Partitions partitions,
      TableCommitter committer,
      ObjLongConsumer<List<EventRecord>> replayed) {
    WriteAheadLog wal;
    try {
      wal =
          WriteAheadLog.open(
              w.dir(),
              new WriteAheadLog.Options(
                  w.segmentBytes(),
                  w.maxBytes(),
                  w.ack().equals("write") ? WriteAheadLog.Ack.WRITE : WriteAheadLog.Ack.FSYNC,
                  w.syncWaitMicros()),
              w.nodeId());
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot open the write-ahead log in " + w.dir() + " (FLOE_WAL_DIR): " + e.getMessage(),
          e);
    }
    WalFlushLog log = new WalFlushLog(wal, partitions, committer, retainMillis);
    int count = log.replay(replayed);
    LOG.info(
        "Write-ahead log of node "
            + wal.nodeId()
            + " in "
            + w.dir().toAbsolutePath().normalize()
            + ": replayed "
            + count
            + " events; they are checked against the table before the first flush");
    return log;
  }

  WriteAheadLog wal() {
    return wal;
  }

  /**
   * Puts every record the log recovered back into the buffers, at its position, past any cap (the
   * events were accepted once), and hands each record's events to {@code replayed}; returns how
   * many events came back.
   */
  int replay(ObjLongConsumer<List<EventRecord>> replayed) {
    long now = System.currentTimeMillis();
    long checkpointed = wal.checkpointed();
    int count = 0;
    for (WalRecord r : wal.recovered()) {
      List<EventRecord> events = EventCodec.decode(r.payload());
      replayed.accept(events, r.position());
      if (r.position() <= checkpointed) {
        continue; // in the table already: kept in the log only for retry dedup
      }
      partitions.replay(events, r.position(), now);
      count += events.size();
    }
    wal.recovered().clear();
    return count;
  }

  @Override
  public boolean ready() {
    return committed != null;
  }

  @Override
  public void beforeFlush() {
    if (committed == null) {
      reconcile();
    }
  }

  /** Drops every replayed event the table already holds, per this node's positions in it. */
  private synchronized void reconcile() {
    if (committed != null) {
      return;
    }
    CommittedPositions inTable = CommittedPositions.inTable(wal.nodeId(), committer.table());
    int dropped = partitions.dropCommitted(inTable::holds);
    committed = inTable;
    LOG.info(
        "Write-ahead log of node "
            + wal.nodeId()
            + " checked against the table: its position there is "
            + inTable.watermark()
            + "; "
            + dropped
            + " replayed events were already committed and were dropped");
    try {
      wal.deleteThrough(inTable.watermark(), retainMillis);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Could not delete committed log segments", e);
    }
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
    long oldestUncommitted = partitions.oldestBuffered(wal::nextPosition);
    return committed.advance(oldestUncommitted - 1, perPartition).summary(wal.nodeId());
  }

  /**
   * This node's positions in the base must be the ones this node last committed: if they moved,
   * another process writes under the same node id (or a commit of ours landed unnoticed), and
   * committing on top could record positions that skip or repeat events.
   */
  @Override
  public void validateBase(org.apache.iceberg.TableMetadata base) {
    CommittedPositions expected = committed;
    CommittedPositions found = CommittedPositions.inMetadata(wal.nodeId(), base);
    if (expected != null && !found.equals(expected)) {
      throw new org.apache.iceberg.exceptions.ValidationException(
          "Node %s's log position in the table moved to %s while this node expected %s; is"
              + " FLOE_NODE_ID shared by two processes?",
          wal.nodeId(), found.watermark(), expected.watermark());
    }
  }

  @Override
  public void afterCommit(Map<String, String> summary) {
    CommittedPositions now = CommittedPositions.fromSummary(wal.nodeId(), summary);
    if (now == null) {
      return;
    }
    committed = now;
    try {
      wal.checkpoint(now.watermark());
      wal.deleteThrough(now.watermark(), retainMillis);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Could not delete committed log segments", e);
    }
  }
}
