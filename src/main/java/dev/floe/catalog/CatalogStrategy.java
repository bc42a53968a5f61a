package dev.floe.catalog;

import java.io.IOException;
import java.util.List;
import org.apache.iceberg.Table;

/** How Floe reaches its table: loads or creates it, and lists what lies under its location. */
public interface CatalogStrategy {

  /** A short name for logs and health: {@code direct-local}, {@code rest}, ... */
  String kind();

  /** The events table, created on first use with Floe's schema and partition spec. */
  Table table();

  /** Throws when the catalog or its storage cannot be reached; the message is safe to show. */
  void check() throws IOException;

  /** Objects under the table location, sorted by key, starting after {@code after} (exclusive). */
  List<StoredObject> list(String after, int limit) throws IOException;

  /**
   * Makes each kind of request a flush makes once, so that its classes are loaded early; best
   * effort, never throws.
   */
  default void warmUp() {}
}
