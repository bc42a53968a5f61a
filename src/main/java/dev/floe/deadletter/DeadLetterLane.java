package dev.floe.deadletter;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.SideTableStrategy;
import dev.floe.config.DeadLetterSettings;
import dev.floe.config.FloeSettings;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import dev.floe.lake.FlushSink;
import dev.floe.lake.TableCommitter;
import dev.floe.metrics.FloeStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the buffers need of the dead-letter table: its name (a table of its own in the buffers and
 * the write-ahead log), its catalog and sink, which events go there, and the overflow of a full
 * partition marked for it ({@code FLOE_PARTITION_FULL=dead-letter}).
 */
public final class DeadLetterLane {
  public static final DeadLetterLane OFF = new DeadLetterLane(null);

  private final DeadLetterSettings settings; // null when off

  public DeadLetterLane(DeadLetterSettings settings) {
    this.settings = settings != null && settings.enabled() ? settings : null;
  }

  public boolean enabled() {
    return settings != null;
  }

  /** The table's name, {@code namespace.name}; null when off. */
  public String table() {
    return settings == null ? null : settings.qualifiedName();
  }

  public boolean isTable(String name) {
    return settings != null && settings.qualifiedName().equals(name);
  }

  /** True when a full partition's overflow goes to the dead-letter table instead of a 507. */
  public boolean keepsOverflow() {
    return settings != null && settings.partitionFullKeeps();
  }

  /** The table an event goes to: the dead-letter table for a marked one, else its route's. */
  public String tableOf(EventRecord e, Function<String, String> route) {
    return settings != null && DeadLetter.isDeadLetter(e)
        ? settings.qualifiedName()
        : route.apply(e.type());
  }

  /** The dead-letter table's catalog, beside the events table. */
  public CatalogStrategy catalog(FloeSettings floe) {
    return new SideTableStrategy(
        floe,
        settings.namespace(),
        settings.name(),
        settings.location(),
        new SideTableStrategy.Definition(
            DeadLetterTable.SCHEMA, DeadLetterTable.SPEC, DeadLetterTable.PROPERTIES));
  }

  /** Where the dead-letter table's flushes land. */
  public FlushSink sink(CatalogStrategy catalog, Supplier<String> node, FloeStats stats) {
    return new DeadLetterSink(new TableCommitter(catalog, stats), node, stats);
  }

  /**
   * {@code events} with those of the full partition {@code full} ({@code type/YYYY-MM-DD-HH}, one
   * table's: a type has one route) marked for the dead-letter table ({@code partition-full}), bound
   * for the table {@code tableOf} names; the others as they were.
   */
  public static List<EventRecord> overflow(
      List<EventRecord> events, String full, Function<EventRecord, String> tableOf) {
    List<EventRecord> out = new ArrayList<>(events.size());
    Instant now = Instant.now();
    for (EventRecord e : events) {
      boolean over = !DeadLetter.isDeadLetter(e) && PartitionKey.of(e).toString().equals(full);
      out.add(
          over
              ? DeadLetter.mark(
                  e,
                  Reason.PARTITION_FULL,
                  tableOf.apply(e),
                  "partition " + full + " held its maximum of events (ICEBERG_MAX_BUFFER_SIZE)",
                  now)
              : e);
    }
    return out;
  }
}
