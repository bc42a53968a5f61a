package dev.floe.deadletter;

import dev.floe.event.EventRecord;
import dev.floe.lake.WriteResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;

/**
 * Writes dead letters as rows of the dead-letter table, one Parquet file per partition (day of
 * arrival, reason), and returns the closed files; nothing here commits. Dead letters are rare, so a
 * fresh record per row and a lookup by column name are cheap enough.
 */
final class DeadLetterWriter {
  private static final Logger LOG = Logger.getLogger(DeadLetterWriter.class.getName());

  private DeadLetterWriter() {}

  /** The row of one dead letter, by {@code schema}'s column names. */
  static Record row(Schema schema, DeadLetter d, String node) {
    GenericRecord r = GenericRecord.create(schema);
    EventRecord e = d.event();
    boolean invalid = d.raw() != null;
    r.setField(DeadLetterTable.DEAD_LETTER_ID, d.deadLetterId());
    r.setField(DeadLetterTable.RECEIVED_AT, utc(e.receivedAt()));
    r.setField(DeadLetterTable.FAILED_AT, utc(d.failedAt()));
    r.setField(DeadLetterTable.INTENDED_TABLE, d.intendedTable());
    r.setField(DeadLetterTable.REASON, d.reason().code());
    r.setField(DeadLetterTable.DETAIL, d.detail());
    r.setField(DeadLetterTable.TYPE, invalid ? null : e.type());
    r.setField(DeadLetterTable.SOURCE, invalid ? null : e.source());
    r.setField(DeadLetterTable.ID, e.id());
    r.setField(DeadLetterTable.EVENT, d.eventText());
    r.setField(DeadLetterTable.NODE, node);
    return r;
  }

  private static Object utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }

  /** Writes the marked events of every batch, grouped by partition, into files named by commit. */
  static WriteResult write(
      Table table, Collection<List<EventRecord>> batches, String commitId, String node) {
    Schema schema = table.schema();
    InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
    Map<String, List<Record>> byPath = new LinkedHashMap<>();
    Map<String, PartitionKey> keys = new LinkedHashMap<>();
    for (List<EventRecord> batch : batches) {
      for (EventRecord e : batch) {
        Record r = row(schema, DeadLetter.of(e), node);
        PartitionKey key = new PartitionKey(table.spec(), schema);
        key.partition(wrapper.wrap(r));
        String path = table.spec().partitionToPath(key);
        keys.putIfAbsent(path, key);
        byPath.computeIfAbsent(path, p -> new ArrayList<>()).add(r);
      }
    }
    List<DataFile> files = new ArrayList<>();
    long rows = 0;
    try {
      int n = 0;
      for (Map.Entry<String, List<Record>> g : byPath.entrySet()) {
        String name = commitId + "-dl-" + n++ + ".parquet";
        files.add(writeFile(table, schema, keys.get(g.getKey()), g.getValue(), name));
        rows += g.getValue().size();
      }
    } catch (RuntimeException x) {
      delete(table, files);
      throw x;
    }
    return new WriteResult(List.copyOf(files), rows);
  }

  /** Writes one file of same-partition rows. */
  static DataFile writeFile(
      Table table, Schema schema, StructLike key, List<Record> rows, String name) {
    String location = table.locationProvider().newDataLocation(table.spec(), key, name);
    try {
      DataWriter<Record> writer =
          Parquet.writeData(table.io().newOutputFile(location))
              .forTable(table)
              .schema(schema)
              .withPartition(key)
              .createWriterFunc(GenericParquetWriter::create)
              .build();
      try (writer) {
        rows.forEach(writer::write);
      }
      return writer.toDataFile();
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  static void delete(Table table, List<DataFile> files) {
    for (DataFile f : files) {
      try {
        table.io().deleteFile(f.location());
      } catch (RuntimeException x) {
        LOG.log(Level.WARNING, "Could not delete uncommitted file " + f.location(), x);
      }
    }
  }
}
