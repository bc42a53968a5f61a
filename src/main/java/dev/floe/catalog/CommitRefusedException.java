package dev.floe.catalog;

import org.apache.iceberg.exceptions.CleanableFailure;

/**
 * Floe refused to commit: nothing was written, and committing again will not help until the
 * operator acts on the message. Iceberg deletes the manifests the attempt wrote.
 */
public final class CommitRefusedException extends RuntimeException implements CleanableFailure {
  CommitRefusedException(String message) {
    super(message);
  }
}
