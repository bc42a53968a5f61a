package dev.floe.buffer;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.config.RoutedTable;
import dev.floe.lake.FlushSink;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One table's side of the buffers: its options (buffer size, timeout, cap), its catalog, where its
 * flushes land (its sink: the events table's row mapping, or another one a table of another schema
 * brings), its log positions and its flusher. Tables back off alone: a lane whose commits fail
 * keeps its events while the others keep landing.
 */
final class Lane {
  final RoutedTable options;
  final CatalogStrategy catalog;
  final FlushSink sink;
  private final boolean ownsCatalog;
  volatile FlushLog log = FlushLog.NONE; // the write-ahead log's view of this table, once open
  volatile Flusher flusher;
  final ReentrantLock flushLock = new ReentrantLock(); // one flush of this table at a time

  /**
   * @param ownsCatalog whether {@link #close} closes the catalog: a table's own, not the
   *     application's
   */
  Lane(RoutedTable options, CatalogStrategy catalog, FlushSink sink, boolean ownsCatalog) {
    this.options = options;
    this.catalog = catalog;
    this.sink = sink;
    this.ownsCatalog = ownsCatalog;
  }

  /** {@code namespace.name}. */
  String name() {
    return options.name();
  }

  /** True when {@code b} of this table should flush now: full, old enough, or memory is short. */
  boolean due(PartitionBuffer b, long nowMillis, boolean underPressure) {
    int size = b.size();
    return size > 0
        && (size >= options.size()
            || b.oldestAgeMillis(nowMillis) >= options.timeoutMs()
            || underPressure);
  }

  /** After the final flush: stops the sink's threads, and the table's own catalog. */
  void close(boolean ownsSharedThreads) {
    try {
      sink.close(ownsSharedThreads);
    } finally {
      if (ownsCatalog) {
        catalog.close();
      }
    }
  }
}
