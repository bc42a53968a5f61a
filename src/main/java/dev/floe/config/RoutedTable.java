package dev.floe.config;

/**
 * A table events are routed to, with its buffering: a partition of it flushes at {@code size}
 * events or when its oldest is {@code timeoutMs} old, and holds at most {@code maxSize} waiting.
 * Options a route does not set are the global ones ({@code ICEBERG_BUFFER_*}, {@code
 * FLOE_COLUMNS}).
 */
public record RoutedTable(FloeSettings.Table table, int size, long timeoutMs, int maxSize) {

  /** {@code namespace.name}: the table's name in the write-ahead log and the buffers. */
  public String name() {
    return table.qualifiedName();
  }
}
