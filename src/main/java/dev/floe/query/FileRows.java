package dev.floe.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.parquet.Parquet;

/**
 * Reads the matching rows of one planned data file with iceberg-data's generic Parquet reader: row
 * groups whose statistics rule the filter out are skipped, and each row read is tested against what
 * of the filter the file's partition leaves open (the task's residual).
 */
final class FileRows {
  private FileRows() {}

  /** Hands each matching row to {@code out}, until {@code stop} says so; the rows are fresh. */
  static void read(
      FileIO io, FileScanTask task, Schema projection, Consumer<Record> out, BooleanSupplier stop) {
    Evaluator matches = new Evaluator(projection.asStruct(), task.residual(), true);
    InternalRecordWrapper asStored = new InternalRecordWrapper(projection.asStruct());
    try (CloseableIterable<Record> rows =
        Parquet.read(io.newInputFile(task.file().location()))
            .project(projection)
            .createReaderFunc(
                fileSchema -> GenericParquetReaders.buildReader(projection, fileSchema))
            .filter(task.residual())
            .split(task.start(), task.length())
            .build()) {
      for (Record r : rows) {
        if (matches.eval(asStored.wrap(r))) {
          out.accept(r);
          if (stop.getAsBoolean()) {
            return;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
