package dev.floe.lake;

import dev.floe.catalog.EventsTable;
import dev.floe.event.Columns;
import dev.floe.event.EventRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;

/**
 * Writes one Parquet data file per partition, with Iceberg field ids and column metrics, and
 * returns the closed files. Nothing here commits.
 */
final class DataFileWriter {
  private static final Logger LOG = Logger.getLogger(DataFileWriter.class.getName());

  private DataFileWriter() {}

  /**
   * Writes each group (the events of one partition) to its own file named after {@code commitId}.
   * If any file fails, the ones already written are deleted: no commit can know them. A promoted
   * value that needs its column widened (int to long, float to double) has the table's schema
   * widened first, rarely: the files are then written again by the wider schema.
   */
  static WriteResult write(Table table, Collection<List<EventRecord>> partitions, String commitId) {
    for (int attempt = 1; ; attempt++) {
      try {
        return writeAll(table, partitions, commitId);
      } catch (WideningNeeded w) {
        if (attempt > table.schema().columns().size()) {
          throw new IllegalStateException("column " + w.column + " could not be widened", w);
        }
        // a value needs Iceberg's promotion of its column: widen it, then write all again
        EventsTable.widen(table, w.column);
      }
    }
  }

  private static WriteResult writeAll(
      Table table, Collection<List<EventRecord>> partitions, String commitId) {
    // one schema for every file of the flush: another thread may refresh the table meanwhile
    Schema schema = table.schema();
    List<Supplier<DataFile>> writes = new ArrayList<>();
    long rows = 0;
    for (List<EventRecord> events : partitions) {
      if (!events.isEmpty()) {
        String name = commitId + "-" + writes.size();
        writes.add(() -> writeOne(table, schema, events, name));
        rows += events.size();
      }
    }
    // the files of different partitions are written side by side; one failure deletes them all
    List<DataFile> files = WritePool.all(writes, f -> deleteQuietly(table, f.location()));
    return new WriteResult(List.copyOf(files), rows);
  }

  static void delete(Table table, List<DataFile> files) {
    for (DataFile f : files) {
      try {
        table.io().deleteFile(f.location());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Could not delete uncommitted data file " + f.location(), e);
      }
    }
  }

  /** Deletes one file Floe wrote and no snapshot references; a failure is only logged. */
  static void deleteQuietly(Table table, String location) {
    try {
      table.io().deleteFile(location);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not delete unreferenced file " + location, e);
    }
  }

  private static DataFile writeOne(
      Table table, Schema schema, List<EventRecord> events, String name) {
    EventRecord first = events.get(0);
    String location =
        table.location()
            + "/data/"
            + PartitionPath.of(first.type(), Columns.utcHour(first.partitionTime()))
            + "/"
            + name
            + ".parquet";
    PartitionKey partition = new PartitionKey(table.spec(), schema);
    partition.partition(EventParquetWriter.partitionSource(schema, first));
    try {
      DataWriter<EventRecord> writer =
          Parquet.writeData(table.io().newOutputFile(location))
              .forTable(table)
              .schema(schema)
              .withPartition(partition)
              .createWriterFunc(EventParquetWriter.of(schema, first))
              .build();
      try (writer) {
        for (EventRecord e : events) {
          writer.write(e);
        }
      } catch (RuntimeException w) {
        // a value that needs its column widened, or a failed write: the file is no one's
        deleteQuietly(table, location);
        throw w;
      }
      return writer.toDataFile();
    } catch (IOException e) {
      deleteQuietly(table, location);
      throw new UncheckedIOException(e);
    }
  }
}
