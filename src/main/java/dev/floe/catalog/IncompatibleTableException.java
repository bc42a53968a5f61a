package dev.floe.catalog;

/** The table exists but its schema or partition spec is not Floe's: start-up must stop. */
public final class IncompatibleTableException extends IllegalStateException {
  IncompatibleTableException(String message) {
    super(message);
  }
}
