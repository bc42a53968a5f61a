package dev.floe.catalog;

import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Table;

/**
 * How Floe reaches its table: loads or creates it, and lists what lies under its location. Every
 * method fails with the one unchecked {@link CatalogUnavailableException} when the catalog or its
 * storage cannot be reached or refuses, as Iceberg's catalogs do; {@link #table()} may also throw
 * {@link IncompatibleTableException}, which stops start-up.
 */
public interface CatalogStrategy {

  /**
   * The same catalog for another table ({@code FLOE_ROUTES}), created on first use with Floe's
   * schema and spec and {@code table}'s promoted columns; it shares this one's storage settings and
   * credentials, and is closed by its caller.
   */
  default CatalogStrategy forTable(dev.floe.config.FloeSettings.Table table) {
    throw new UnsupportedOperationException(kind() + " serves one table");
  }

  /** A short name for logs and health: {@code direct-local}, {@code rest}, ... */
  String kind();

  /**
   * The events table, created on first use with Floe's schema and partition spec, or an existing
   * one brought up to the columns Floe writes (see {@code SchemaEvolution}).
   */
  Table table();

  /**
   * Creates or loads the table at start-up, as {@link #table()} does; nothing when there is no
   * table ({@code USE_ICEBERG=false}).
   */
  default void open() {
    table();
  }

  /** False in plain-object mode ({@code USE_ICEBERG=false}): then {@link #table()} throws. */
  default boolean hasTable() {
    return true;
  }

  /** Fails when the catalog or its storage cannot be reached; the message is safe to show. */
  void check();

  /** Objects under the table location, sorted by key, starting after {@code after} (exclusive). */
  List<StoredObject> list(String after, int limit);

  /**
   * Makes each kind of request a flush makes once, so that its classes are loaded early; best
   * effort, never throws.
   */
  default void warmUp() {}

  /**
   * Why this node refuses to commit, when it does: a reason for health checks and logs that only
   * the operator can remove. Empty while commits may go ahead.
   */
  default Optional<String> commitRefusal() {
    return Optional.empty();
  }

  /** Names of the tables in Floe's namespace. */
  List<String> listTables();

  /**
   * True when {@link #dropTable} can drop tables: a REST catalog can, the direct catalog (which is
   * nothing but the table's files) cannot.
   */
  boolean canDropTables();

  /**
   * Drops a table of Floe's namespace from the catalog, and its files too when {@code purge}; false
   * when there was no such table. Floe's own table is created again, empty, on next use. Only when
   * {@link #canDropTables()}; otherwise throws {@link IllegalStateException}.
   */
  boolean dropTable(String name, boolean purge);

  /**
   * Lets go of clients and connection pools when the application stops, after the final flush, so
   * an undeploy leaves no thread of Floe's behind.
   */
  default void close() {}
}
