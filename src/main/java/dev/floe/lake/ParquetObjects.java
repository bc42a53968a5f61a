package dev.floe.lake;

import dev.floe.catalog.EventsTable;
import dev.floe.event.EventRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

/**
 * Parquet objects without a table ({@code FLOE_OBJECT_FORMAT=parquet}): the table's columns with
 * their field ids, written by the same {@link EventParquetWriter} as the table's data files,
 * zstd-compressed as the table's are.
 */
public final class ParquetObjects {
  private ParquetObjects() {}

  /** Writes the events of one partition to {@code out}, replacing it; returns its size in bytes. */
  public static long write(OutputFile out, List<EventRecord> events) {
    return write(out, events, EventsTable.SCHEMA);
  }

  /**
   * As above, in {@code schema}: Floe's columns and the promoted ones ({@link
   * EventsTable#withPromoted}), filled as a table's would be.
   */
  public static long write(OutputFile out, List<EventRecord> events, Schema schema) {
    try {
      FileAppender<EventRecord> writer =
          Parquet.write(out)
              .schema(schema)
              .createWriterFunc(EventParquetWriter.of(schema, events.get(0)))
              .set(TableProperties.PARQUET_COMPRESSION, "zstd")
              .overwrite()
              .build();
      try (writer) {
        for (EventRecord e : events) {
          writer.add(e);
        }
      }
      return writer.length();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
