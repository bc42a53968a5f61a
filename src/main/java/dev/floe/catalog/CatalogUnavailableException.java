package dev.floe.catalog;

/**
 * The one failure of the catalog seam: the catalog or its storage cannot be reached or refuses
 * Floe. The message says why and is safe to show (no secret in it).
 */
public final class CatalogUnavailableException extends RuntimeException {
  CatalogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
