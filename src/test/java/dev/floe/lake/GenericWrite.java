package dev.floe.lake;

import dev.floe.event.EventRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;

/**
 * One data file written the way Floe wrote them before {@link EventParquetWriter}: {@link Rows}
 * through Iceberg's generic record writer, with the table's Parquet properties. The reference the
 * new writer is compared with.
 */
final class GenericWrite {
  private GenericWrite() {}

  static DataFile write(Table table, List<EventRecord> events, String location) {
    Schema schema = table.schema();
    Rows rows = new Rows(schema, events.get(0));
    PartitionKey partition = new PartitionKey(table.spec(), schema);
    partition.partition(rows.of(events.get(0)));
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
      }
      return writer.toDataFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
