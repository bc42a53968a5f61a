package dev.floe.buffer;

import dev.floe.buffer.BufferRefusedException.Reason;
import dev.floe.event.PartitionKey;

/**
 * Caps on what all requests together may open: partitions with a buffer (types x hours; each is a
 * Parquet file at the next flush) and distinct event types with a buffer. Types are counted while
 * they hold a buffer, not over a remembered window: the cap then bounds what types cost now
 * (buffers, files per flush, metric labels), needs no memory of past types, and frees itself as
 * soon as a flush empties the buffers. Replayed log records are never held to the caps: they were
 * accepted once, and refusing them would stop the node from starting.
 *
 * @param maxPartitions most partitions with a buffer ({@code FLOE_MAX_OPEN_PARTITIONS})
 * @param maxTypes most event types with a buffer ({@code FLOE_MAX_EVENT_TYPES})
 * @param retryAfterSeconds when to try again: a buffer flushes, and so closes, within its timeout
 */
record OpenCaps(int maxPartitions, int maxTypes, int retryAfterSeconds) {
  static final OpenCaps NONE = new OpenCaps(Integer.MAX_VALUE, Integer.MAX_VALUE, 1);

  /**
   * Null when one more partition may open, given {@code open} partitions and {@code types} types
   * with buffers, and whether the new partition's type {@code typeOpen} already has one.
   */
  Reason check(int open, int types, boolean typeOpen) {
    if (open >= maxPartitions) {
      return Reason.TOO_MANY_PARTITIONS;
    }
    if (!typeOpen && types >= maxTypes) {
      return Reason.TOO_MANY_TYPES;
    }
    return null;
  }

  /** The refusal of a request that would open {@code key} past a cap. */
  BufferRefusedException refusal(Reason reason, PartitionKey key) {
    String what =
        reason == Reason.TOO_MANY_PARTITIONS
            ? maxPartitions
                + " partitions (types x hours) hold events, the most"
                + " FLOE_MAX_OPEN_PARTITIONS allows; partition "
                + key
                + " cannot open until buffers flush"
            : maxTypes
                + " event types hold events, the most FLOE_MAX_EVENT_TYPES allows;"
                + " a new type cannot open until buffers flush";
    return new BufferRefusedException(reason, what, key.toString(), retryAfterSeconds);
  }
}
