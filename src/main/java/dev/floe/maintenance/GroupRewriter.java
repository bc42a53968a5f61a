package dev.floe.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteFileGroup;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;

/**
 * Rewrites one planned group of small files of one partition: reads their rows, sorts them by
 * {@code time} and writes them into new Parquet files beside the old ones. Commits nothing; the
 * files it returns are either committed in place of the old ones or deleted.
 */
final class GroupRewriter {
  /** Rows held in memory at once; a larger group becomes several files, each sorted. */
  static final int ROWS_IN_MEMORY = 250_000;

  private static final Comparator<Record> BY_TIME =
      Comparator.comparing(
          (Record r) -> (OffsetDateTime) r.getField("time"),
          Comparator.nullsFirst(Comparator.naturalOrder()));

  private final Table table;
  private final BooleanSupplier stopping;

  GroupRewriter(Table table, BooleanSupplier stopping) {
    this.table = table;
    this.stopping = stopping;
  }

  /** The new files holding every row of the group's files, each row once. */
  Set<DataFile> rewrite(RewriteFileGroup group) {
    Map<String, DataFile> inputs = new LinkedHashMap<>();
    for (FileScanTask task : group.fileScanTasks()) {
      if (!task.deletes().isEmpty()) {
        throw new IllegalStateException("a file of the group has delete files; left as it is");
      }
      inputs.putIfAbsent(task.file().location(), task.file()); // a split file is read once
    }
    Schema schema = table.schema();
    DataFile first = inputs.values().iterator().next();
    Set<DataFile> written = new HashSet<>();
    try {
      List<Record> rows = new ArrayList<>();
      for (DataFile in : inputs.values()) {
        if (stopping.getAsBoolean()) {
          throw new IllegalStateException("stopping");
        }
        try (CloseableIterable<Record> reader =
            Parquet.read(table.io().newInputFile(in.location()))
                .project(schema)
                .createReaderFunc(
                    fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
                .build()) {
          for (Record r : reader) {
            rows.add(r);
            if (rows.size() >= ROWS_IN_MEMORY) {
              written.add(write(first, rows));
              rows = new ArrayList<>();
            }
          }
        }
      }
      if (!rows.isEmpty()) {
        written.add(write(first, rows));
      }
      return written;
    } catch (IOException e) {
      delete(written);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      delete(written);
      throw e;
    }
  }

  private DataFile write(DataFile like, List<Record> rows) throws IOException {
    rows.sort(BY_TIME); // stable: rows of equal time keep their order
    String old = like.location();
    // beside the files it replaces: the partition's folder keeps the seed's layout
    String location =
        old.substring(0, old.lastIndexOf('/') + 1) + "compact-" + UUID.randomUUID() + ".parquet";
    PartitionSpec spec = table.specs().get(like.specId());
    Parquet.DataWriteBuilder builder =
        Parquet.writeData(table.io().newOutputFile(location))
            .forTable(table)
            .withSpec(spec)
            .withPartition(like.partition())
            .createWriterFunc(GenericParquetWriter::create);
    SortOrder order = table.sortOrder();
    if (order.sameOrder(TableSetup.byTime(table))) {
      builder.withSortOrder(order);
    }
    DataWriter<Record> writer = builder.build();
    try (writer) {
      for (Record r : rows) {
        writer.write(r);
      }
    }
    return writer.toDataFile();
  }

  private void delete(Set<DataFile> files) {
    for (DataFile f : files) {
      try {
        table.io().deleteFile(f.location());
      } catch (RuntimeException ignored) {
        // left for orphan cleanup
      }
    }
  }
}
