package dev.floe.lake;

import dev.floe.catalog.EventsTable;
import dev.floe.event.Columns;
import dev.floe.event.EventRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
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
    List<DataFile> files = new ArrayList<>();
    long rows = 0;
    try {
      int n = 0;
      for (List<EventRecord> events : partitions) {
        if (!events.isEmpty()) {
          files.add(writeOne(table, events, commitId + "-" + n++));
          rows += events.size();
        }
      }
      return new WriteResult(List.copyOf(files), rows);
    } catch (RuntimeException e) {
      delete(table, files);
      throw e;
    }
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

  private static DataFile writeOne(Table table, List<EventRecord> events, String name) {
    EventRecord first = events.get(0);
    String location =
        table.location()
            + "/data/"
            + PartitionPath.of(first.type(), Columns.utcHour(first.partitionTime()))
            + "/"
            + name
            + ".parquet";
    // one schema for the rows and the file: another thread may refresh the table meanwhile
    Schema schema = table.schema();
    Rows rows = new Rows(schema, first);
    PartitionKey partition = new PartitionKey(table.spec(), schema);
    partition.partition(rows.of(first));
    try {
      DataWriter<Record> writer =
          Parquet.writeData(table.io().newOutputFile(location))
              .forTable(table)
              .schema(schema)
              .withPartition(partition)
              .createWriterFunc(GenericParquetWriter::create)
              .build();
      try (writer) {
        for (EventRecord e : events) {
          writer.write(rows.of(e));
        }
      } catch (WideningNeeded w) {
        deleteQuietly(table, location);
        throw w;
      }
      return writer.toDataFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
