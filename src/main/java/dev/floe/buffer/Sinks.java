package dev.floe.buffer;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.EventsTable;
import dev.floe.catalog.ObjectCatalogStrategy;
import dev.floe.config.FloeSettings;
import dev.floe.lake.FlushSink;
import dev.floe.lake.TableCommitter;
import dev.floe.lake.TableSink;
import dev.floe.metrics.FloeStats;
import dev.floe.objects.ObjectSink;
import java.util.function.Supplier;

/** Picks where flushes land from the settings: the table, or plain objects (USE_ICEBERG=false). */
final class Sinks {
  private Sinks() {}

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
