package dev.floe.catalog;

/** The catalog cannot be reached or refuses Floe; the message says why and is safe to show. */
public final class CatalogUnavailableException extends RuntimeException {
  CatalogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
