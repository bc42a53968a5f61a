package dev.floe.maintenance;

import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.config.FloeSettings;
import dev.floe.event.EventRecord;
import dev.floe.lake.TableCommitter;
import dev.floe.testing.Fixtures;
import dev.floe.testing.TestTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.iceberg.Table;

/**
 * A Floe node on a temp-folder warehouse for maintenance tests: its own catalog (as a second node
 * has), a committer that flushes events as Floe does, and a maintenance pass.
 */
final class Lake {
  static final String TABLE = "analytics/events";

  final Path warehouse;
  final FloeSettings settings;
  final CatalogStrategy catalog;
  final TableCommitter committer;

  Lake(Path warehouse, String... keyValues) {
    this.warehouse = warehouse;
    this.settings = TestTables.settings(warehouse, keyValues);
    this.catalog = CatalogProducer.create(settings);
    this.committer = new TableCommitter(catalog);
  }

  /** One flush of these events, all of one partition, as one commit. */
  void flush(List<EventRecord> events) {
    String id = UUID.randomUUID().toString();
    committer.commit(committer.write(List.of(events), id), id, Map.of());
  }

  /** One flush of one event {@code id} of type {@code type} at {@code time}. */
  void flush(String id, String type, Instant time) {
    flush(List.of(Fixtures.event(id, type, time)));
  }

  Table table() {
    Table t = catalog.table();
    t.refresh();
    return t;
  }

  MaintenancePass pass() {
    return new MaintenancePass(settings.maintenance(), () -> false, () -> false);
  }

  Path tableDir() {
    return warehouse.resolve(TABLE);
  }

  /** The table as any Hadoop-table reader opens it. */
  Table readBack() {
    return TestTables.load(tableDir());
  }

  List<Path> files(String suffix) {
    try (Stream<Path> all = Files.walk(tableDir())) {
      return all.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void age(Path file, long millis) {
    try {
      Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - millis));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
