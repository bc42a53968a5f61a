package dev.floe.catalog;

import java.io.IOException;

/**
 * Storage refused a write outright (bad credentials, no such bucket, nothing listening): the object
 * was certainly not written. Any other failure of a write leaves its outcome unknown.
 */
final class WriteRejectedException extends IOException {
  WriteRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
