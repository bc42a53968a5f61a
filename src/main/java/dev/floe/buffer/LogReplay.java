package dev.floe.buffer;

import dev.floe.config.FloeSettings;
import dev.floe.config.Routes;
import dev.floe.event.EventRecord;
import dev.floe.wal.EventCodec;
import dev.floe.wal.WriteAheadLog;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ObjLongConsumer;
import java.util.logging.Logger;

/**
 * Opens the write-ahead log and puts every event it recovered back into the buffers, each into the
 * table it was logged for (a version-1 record's events into the default table, where they were
 * written): a route change never moves a logged event to another table.
 */
final class LogReplay {
  private static final Logger LOG = Logger.getLogger(LogReplay.class.getName());

  private LogReplay() {}

  /** Opens the log in {@code w.dir()}; a failure stops start-up naming the folder. */
  static WriteAheadLog open(FloeSettings.Wal w) {
    try {
      return WriteAheadLog.open(
          w.dir(),
          new WriteAheadLog.Options(
              w.segmentBytes(),
              w.maxBytes(),
              // commit mode answers after the commit, not after the disk: a write suffices
              w.ack().equals("fsync") ? WriteAheadLog.Ack.FSYNC : WriteAheadLog.Ack.WRITE,
              w.syncWaitMicros()),
          w.nodeId());
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot open the write-ahead log in " + w.dir() + " (FLOE_WAL_DIR): " + e.getMessage(),
          e);
    }
  }

  /** {@link #replay} for the application's log: dedup re-learns every event, and a log line. */
  static Map<String, Integer> replay(
      WriteAheadLog wal,
      java.nio.file.Path dir,
      Routes routes,
      Partitions partitions,
      Dedup dedup) {
    // with retry dedup on, committed segments stay for the window so a restart re-learns it
    Map<String, Integer> replayed =
        replay(
            wal,
            partitions,
            routes.configured().name(),
            (events, position) -> {
              if (dedup != null) {
                dedup.remember(events, events.get(0).receivedAt().toEpochMilli(), position);
              }
            });
    LOG.info(
        "Write-ahead log of node "
            + wal.nodeId()
            + " in "
            + dir.toAbsolutePath().normalize()
            + ": replayed "
            + replayed.values().stream().mapToInt(i -> i).sum()
            + " events"
            + (routes.explicit() ? " " + replayed : "")
            + "; they are checked against the table before the first flush");
    return replayed;
  }

  /**
   * Puts every record the log recovered back into the buffers, at its position, past any cap (the
   * events were accepted once), and hands each record's events to {@code replayed} (retry dedup
   * re-learns them, also those the checkpoint says are committed); returns how many events came
   * back per table.
   */
  static Map<String, Integer> replay(
      WriteAheadLog wal,
      Partitions partitions,
      String defaultTable,
      ObjLongConsumer<List<EventRecord>> replayed) {
    long now = System.currentTimeMillis();
    long checkpointed = wal.checkpointed();
    Map<String, Integer> counts = new TreeMap<>();
    try {
      wal.replay(
          r -> {
            EventCodec.Decoded d = EventCodec.decode(r.payload(), defaultTable);
            replayed.accept(d.events(), r.position());
            if (r.position() > checkpointed) { // else in the table: kept only for retry dedup
              partitions.replay(d.events(), d.tables()::get, r.position(), now);
              d.tables().forEach(t -> counts.merge(t, 1, Integer::sum));
            }
          });
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the write-ahead log back: " + e.getMessage(), e);
    }
    return counts;
  }
}
