package dev.floe.deadletter;

import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.ForwardingTableOperations;
import dev.floe.event.EventRecord;
import dev.floe.lake.FlushSink;
import dev.floe.lake.TableCommitter;
import dev.floe.testing.TableOnlyCatalog;
import dev.floe.testing.TestTables;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.hadoop.HadoopTables;

/**
 * A local warehouse with the events table ({@code analytics.events}) and a dead-letter table beside
 * it, the dead-letter sink, and replays routed to the events table. A hook can fail a dead-letter
 * commit, as a kill at that moment would leave the tables.
 */
final class DeadLetterTables {
  static final String EVENTS = "analytics.events";
  static final Instant T = Instant.parse("2024-01-15T14:30:00Z");

  final Path warehouse;
  final CatalogStrategy events;
  final TableCommitter eventsCommitter;
  final Path deadLetterDir;
  private final Table deadLetter;

  /** Fails a dead-letter commit it matches: the process "dies" there. */
  final dev.floe.metrics.FloeStats stats = new dev.floe.metrics.FloeStats();

  final AtomicReference<Predicate<TableMetadata>> kill = new AtomicReference<>(m -> false);

  DeadLetterTables(Path warehouse) {
    this.warehouse = warehouse;
    this.events = CatalogProducer.create(TestTables.settings(warehouse));
    this.eventsCommitter = new TableCommitter(events);
    events.table(); // created empty, as a running node has it
    this.deadLetterDir = warehouse.resolve("analytics/dead_letter");
    this.deadLetter =
        new HadoopTables(new Configuration())
            .create(
                DeadLetterTable.SCHEMA,
                DeadLetterTable.SPEC,
                DeadLetterTable.PROPERTIES,
                deadLetterDir.toString());
  }

  /** The dead-letter table through operations that a test can make fail. */
  Table deadLetters() {
    Table t = new HadoopTables(new Configuration()).load(deadLetterDir.toString());
    return new BaseTable(
        new ForwardingTableOperations(((HasTableOperations) t).operations()) {
          @Override
          public void commit(TableMetadata base, TableMetadata metadata) {
            if (kill.get().test(metadata)) {
              throw new IllegalStateException("killed");
            }
            super.commit(base, metadata);
          }
        },
        t.name());
  }

  Table readDeadLetters() {
    return TestTables.load(deadLetterDir);
  }

  Table readEvents() {
    return TestTables.load(warehouse.resolve("analytics/events"));
  }

  DeadLetterSink sink() {
    TableOnlyCatalog c = this::deadLetters;
    return new DeadLetterSink(new TableCommitter(c), () -> "node-a", stats);
  }

  /** Flushes the marked events to the dead-letter table as a flush would. */
  void flush(List<EventRecord> marked, String commitId) {
    DeadLetterSink s = sink();
    FlushSink.Written w = s.write(List.of(new FlushSink.Batch(marked, null)), commitId);
    s.commit(w, commitId, Map.of(), r -> {});
  }

  /** Routing that sends events bound for the events table back to it, the rest nowhere. */
  ReplayTargets targets() {
    ReplayTargets.Target target = new ReplayTargets.Target(EVENTS, eventsCommitter, e -> null);
    return new ReplayTargets() {
      @Override
      public Optional<Target> route(EventRecord event, String intendedTable) {
        return byName(intendedTable);
      }

      @Override
      public Optional<Target> byName(String table) {
        return EVENTS.equals(table) ? Optional.of(target) : Optional.empty();
      }
    };
  }

  Replayer replayer(String holder, long[] clock) {
    return new Replayer(this::deadLetters, targets(), holder, 60_000, 10_000, () -> clock[0]);
  }

  static EventRecord marked(EventRecord e, Reason reason, String table) {
    return DeadLetter.mark(e, reason, table, "ext.userid: 'abc' is not a long", T.plusSeconds(5));
  }
}
