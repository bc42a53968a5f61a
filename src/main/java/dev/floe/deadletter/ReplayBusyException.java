package dev.floe.deadletter;

/** Another replay holds the dead-letter table: the request may come again after it ends. */
public final class ReplayBusyException extends RuntimeException {
  private final long retryAfterSeconds;

  ReplayBusyException(String message, long retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
