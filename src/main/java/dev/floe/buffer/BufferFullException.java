package dev.floe.buffer;

/**
 * Refusal of a whole request because accepting it would take a partition past {@code
 * ICEBERG_MAX_BUFFER_SIZE} or all buffers past the memory budget. Nothing of the request was kept.
 */
public class BufferFullException extends Exception {
  private final String partition;
  private final int retryAfterSeconds;

  public BufferFullException(String message, String partition, int retryAfterSeconds) {
    super(message, null, false, false);
    this.partition = partition;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The partition key that is full, or null when the global memory budget is what ran out. */
  public String partition() {
    return partition;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
