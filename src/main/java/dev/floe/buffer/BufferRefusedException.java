package dev.floe.buffer;

/**
 * Refusal of a whole request by the buffers; nothing of it was kept and the client may retry after
 * {@link #retryAfterSeconds()}. The {@link Reason} says why, and with it the answer: a full
 * partition is the seed's 507, everything else a 503.
 */
public final class BufferRefusedException extends Exception {

  /** Why the buffers refused. */
  public enum Reason {
    /** The request would take a partition past {@code ICEBERG_MAX_BUFFER_SIZE}. */
    PARTITION_FULL,
    /** The memory budget of all buffers ({@code FLOE_MAX_BUFFER_MB}) is taken. */
    BUDGET_EXHAUSTED,
    /** The write-ahead log holds {@code FLOE_WAL_MAX_BYTES}; a commit frees room. */
    LOG_FULL,
    /** The write-ahead log failed to write or force; it takes nothing more until a restart. */
    LOG_FAILED,
    /** Floe is stopping. */
    STOPPING,
    /** The request would open a partition past {@code FLOE_MAX_OPEN_PARTITIONS}. */
    TOO_MANY_PARTITIONS,
    /** The request would open an event type past {@code FLOE_MAX_EVENT_TYPES}. */
    TOO_MANY_TYPES
  }

  private final Reason reason;
  private final String partition;
  private final int retryAfterSeconds;

  BufferRefusedException(Reason reason, String message, String partition, int retryAfterSeconds) {
    super(message, null, false, false);
    this.reason = reason;
    this.partition = partition;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Reason reason() {
    return reason;
  }

  /** The partition key that is full or cannot open; null for the other reasons. */
  public String partition() {
    return partition;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
