package dev.floe.buffer;

import jakarta.ejb.ApplicationException;

/**
 * A requested flush failed; its events are back in their buffers and are retried. An application
 * exception, so the container hands it to the caller as it is instead of logging a system failure.
 */
@ApplicationException
public final class FlushFailedException extends RuntimeException {
  FlushFailedException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
