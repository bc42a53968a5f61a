package dev.floe.buffer;

import dev.floe.metrics.FloeStats;
import dev.floe.wal.WriteAheadLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.LongConsumer;
import java.util.logging.Logger;

/** The write-ahead log's health: its figures for the metrics, and its repair after a failure. */
final class WalHealth {
  private static final Logger LOG = Logger.getLogger(WalHealth.class.getName());

  private WalHealth() {}

  /** Hands the log's figures to the metrics. */
  static void publish(WriteAheadLog wal, FloeStats stats) {
    stats.walBytes.source(wal::bytes);
    stats.walFailures.source(wal::breaks);
    stats.walRecordsLost.source(wal::lostRecords);
    stats.walBroken.source(() -> wal.brokenReason() == null ? 0 : 1);
    wal.onForce(stats.walForce::record);
  }

  /**
   * After a failed write or force, tries the log again: on success the records the failure voided
   * (their requests got 503) leave the buffers and, through {@code voided}, retry dedup, before any
   * request is logged, so a refused request leaves nothing behind; else this throws and the flush
   * waits, as nothing may commit past a log that cannot vouch for its records.
   */
  static void repair(WriteAheadLog wal, Partitions partitions, LongConsumer voided) {
    try {
      partitions.exclusive(
          () -> {
            long first = wal.heal();
            if (first > 0) {
              int dropped = partitions.dropVoided(first);
              voided.accept(first);
              LOG.warning(
                  "Write-ahead log of node "
                      + wal.nodeId()
                      + " repaired; "
                      + dropped
                      + " events of refused requests were dropped from the buffers");
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the write-ahead log still cannot write: " + e.getMessage(), e);
    }
  }
}
