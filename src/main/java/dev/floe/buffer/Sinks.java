package dev.floe.buffer;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.EventsTable;
import dev.floe.catalog.ObjectCatalogStrategy;
import dev.floe.config.FloeSettings;
import dev.floe.config.RoutedTable;
import dev.floe.lake.FlushSink;
import dev.floe.lake.TableCommitter;
import dev.floe.lake.TableSink;
import dev.floe.metrics.FloeStats;
import dev.floe.objects.ObjectSink;
import java.util.function.Supplier;

/**
 * Picks where each table's flushes land from the settings: the table, or plain objects
 * (USE_ICEBERG=false). The one place a table with another row mapping (say a dead-letter table)
 * gets a sink of its own: one more case in {@link #forTable}.
 */
final class Sinks {
  private Sinks() {}

  /**
   * The sink of {@code table}, through {@code catalog} (that table's).
   *
   * @param logNode the node id of the write-ahead log once it is open, empty without a log
   */
  static FlushSink forTable(
      FloeSettings settings,
      RoutedTable table,
      CatalogStrategy catalog,
      FloeStats stats,
      Supplier<String> logNode) {
    return of(settings, catalog, stats, logNode);
  }

  /**
   * @param logNode the node id of the write-ahead log once it is open, empty without a log
   */
  static FlushSink of(
      FloeSettings settings, CatalogStrategy catalog, FloeStats stats, Supplier<String> logNode) {
    if (catalog instanceof ObjectCatalogStrategy objects) {
      Supplier<String> node =
          () -> {
            String n = logNode.get();
            n = n.isEmpty() ? settings.wal().nodeId() : n;
            return n.isEmpty() ? "unlogged" : n;
          };
      return new ObjectSink(
          objects,
          node,
          settings.objects().parquet(),
          EventsTable.withPromoted(EventsTable.promoted(settings.table().columns())),
          stats);
    }
    return new TableSink(new TableCommitter(catalog, stats));
  }
}
