package dev.floe.buffer;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.ObjectCatalogStrategy;
import dev.floe.config.FloeSettings;
import dev.floe.lake.FlushSink;
import dev.floe.lake.TableCommitter;
import dev.floe.lake.TableSink;
import dev.floe.metrics.FloeStats;
import dev.floe.objects.ObjectSink;

/** Picks where flushes land from the settings: the table, or plain objects (USE_ICEBERG=false). */
final class Sinks {
  private Sinks() {}

  static FlushSink of(FloeSettings settings, CatalogStrategy catalog, FloeStats stats) {
    if (catalog instanceof ObjectCatalogStrategy objects) {
      return new ObjectSink(objects, settings.wal().nodeId(), settings.objects().parquet(), stats);
    }
    return new TableSink(new TableCommitter(catalog, stats));
  }
}
