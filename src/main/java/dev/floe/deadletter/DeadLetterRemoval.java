package dev.floe.deadletter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;

/**
 * Takes replayed rows out of the dead-letter table: each data file holding one of them is written
 * again without them (dead letters are few, so are such files), and one overwrite commit swaps the
 * files and gives the replay's lease back, with the replay id in its snapshot summary. Rewritten
 * files need no delete-file support from readers. The commit is checked against the snapshot the
 * files were read from: if another writer removed one of them first (a compaction), the removal
 * reads again and retries.
 */
final class DeadLetterRemoval {
  /** Snapshot summary key of the replay a removal belongs to. */
  static final String REPLAY_ID = "floe.dead-letter.replay-id";

  private static final int ATTEMPTS = 5;

  private DeadLetterRemoval() {}

  /** Removes the rows with {@code ids} and the lease, in one commit; returns rows removed. */
  static long remove(Table table, Set<String> ids, ReplayLease lease) {
    for (int attempt = 1; ; attempt++) {
      table.refresh();
      Snapshot base = table.currentSnapshot();
      List<DataFile> gone = new ArrayList<>();
      List<DataFile> written = new ArrayList<>();
      long removed = 0;
      try {
        if (base != null) {
          removed = rewrite(table, base, ids, gone, written);
        }
        Transaction tx = ReplayLease.guarded(table, lease).newTransaction();
        if (!gone.isEmpty()) {
          OverwriteFiles o = tx.newOverwrite();
          gone.forEach(o::deleteFile);
          written.forEach(o::addFile);
          o.validateFromSnapshot(base.snapshotId());
          o.validateNoConflictingDeletes();
          o.set(REPLAY_ID, lease.replayId());
          o.commit();
        }
        tx.updateProperties().remove(ReplayLease.PROPERTY).commit();
        tx.commitTransaction();
        return removed;
      } catch (ValidationException e) {
        DeadLetterWriter.delete(table, written);
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      } catch (RuntimeException e) {
        DeadLetterWriter.delete(table, written);
        throw e;
      }
    }
  }

  private static long rewrite(
      Table table, Snapshot base, Set<String> ids, List<DataFile> gone, List<DataFile> written) {
    long removed = 0;
    try (CloseableIterable<FileScanTask> tasks =
        table
            .newScan()
            .useSnapshot(base.snapshotId())
            .filter(Expressions.in(DeadLetterTable.DEAD_LETTER_ID, ids.toArray()))
            .planFiles()) {
      for (FileScanTask task : tasks) {
        if (!task.deletes().isEmpty()) {
          throw new IllegalStateException(
              "the dead-letter table has delete files (written by another engine); compact it"
                  + " before a replay");
        }
        List<Record> kept = new ArrayList<>();
        int dropped = readWithout(table, task.file(), ids, kept);
        if (dropped == 0) {
          continue; // the file's bounds matched, its rows did not
        }
        removed += dropped;
        gone.add(task.file());
        if (!kept.isEmpty()) {
          String name = "replay-" + UUID.randomUUID() + ".parquet";
          written.add(
              DeadLetterWriter.writeFile(
                  table, table.schema(), task.file().partition(), kept, name));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return removed;
  }

  /**
   * Adds the rows of {@code file} that are not in {@code ids} to {@code kept}; returns the rest.
   */
  private static int readWithout(Table table, DataFile file, Set<String> ids, List<Record> kept) {
    Schema schema = table.schema();
    int dropped = 0;
    try (CloseableIterable<Record> rows =
        Parquet.read(table.io().newInputFile(file.location()))
            .project(schema)
            .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
            .build()) {
      for (Record r : rows) {
        if (ids.contains((String) r.getField(DeadLetterTable.DEAD_LETTER_ID))) {
          dropped++;
        } else {
          kept.add(r.copy());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dropped;
  }
}
