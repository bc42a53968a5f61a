package dev.floe.testing;

import dev.floe.config.FloeSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one way tests read a table back, unit and integration tests alike: load it as a standard
 * reader would (from a folder, a bucket, or a catalog the test holds), then its rows, ids,
 * snapshots and data files. Also settings from a few keys.
 */
public final class TestTables {
  private TestTables() {}

  public static FloeSettings settings(Path warehouse, String... keyValues) {
    Map<String, String> m = new HashMap<>();
    m.put("floe.warehouse", warehouse.toString());
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return FloeSettings.from(k -> Optional.ofNullable(m.get(k)));
  }

  /** Loads the table the way Hadoop-table readers do: version-hint.text, then vN.metadata.json. */
  public static Table load(Path tableDir) {
    return new HadoopTables(new Configuration()).load(tableDir.toAbsolutePath().toString());
  }

  /**
   * Loads a table in a bucket as an outside reader with nothing but the bucket would: the newest
   * {@code vN.metadata.json} under {@code <location>/metadata/}, through Iceberg's S3FileIO.
   */
  public static Table load(S3Client s3, String bucket, String location) {
    return BucketTable.load(s3, bucket, location);
  }

  /** Every row of the current snapshot. */
  public static List<Record> rows(Table table) {
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      it.forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The rows of one event type. */
  public static List<Record> rows(Table table, String type) {
    return rows(table).stream().filter(r -> type.equals(r.getField("type"))).toList();
  }

  /** The rows of one event type by event id; fails if an id is there twice. */
  public static Map<String, Record> rowsById(Table table, String type) {
    return rows(table, type).stream()
        .collect(Collectors.toMap(TestTables::id, Function.identity()));
  }

  /** Every event id in the table, once per row (a duplicate shows up twice). */
  public static List<String> ids(Table table) {
    return rows(table).stream().map(TestTables::id).toList();
  }

  /** The event ids of one type, once per row. */
  public static List<String> ids(Table table, String type) {
    return rows(table, type).stream().map(TestTables::id).toList();
  }

  /** Every snapshot the table's metadata lists, oldest first. */
  public static List<Snapshot> snapshots(Table table) {
    return StreamSupport.stream(table.snapshots().spliterator(), false).toList();
  }

  /** The locations of the data files a snapshot added. */
  public static List<String> addedDataFiles(Table table, Snapshot snapshot) {
    return StreamSupport.stream(snapshot.addedDataFiles(table.io()).spliterator(), false)
        .map(DataFile::location)
        .toList();
  }

  /** The locations of the data files the current snapshot reads. */
  public static List<String> dataFiles(Table table) {
    List<String> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(t -> out.add(t.file().location()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static String id(Record row) {
    return (String) row.getField("id");
  }
}
