package dev.floe.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.event.EventRecord;
import dev.floe.testing.Fixtures;
import dev.floe.testing.PageViewRow;
import dev.floe.testing.TestTables;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionTest {
  private static final Instant HOUR = Instant.parse("2024-01-15T14:00:00Z");
  private static final Instant OTHER_HOUR = Instant.parse("2024-01-15T15:00:00Z");

  @TempDir Path warehouse;

  private static List<DataFile> files(Table table, int hour) {
    List<DataFile> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask t : tasks) {
        if (t.file().partition().get(4, Integer.class) == hour) {
          out.add(t.file());
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  @Test
  void aPartitionAtTheThresholdEndsWithFewerFilesEveryRowOnceEveryColumnIntactSortedByTime() {
    Lake lake = new Lake(warehouse);
    // 12 flushes of page views in one hour, later events first; 3 flushes in another hour
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      List<EventRecord> batch = new ArrayList<>();
      for (int j = 0; j < 5; j++) {
        String id = "p" + i + "-" + j;
        ids.add(id);
        batch.add(Fixtures.pageView(id, HOUR.plusSeconds(3000 - i * 60 - j)));
      }
      lake.flush(batch);
    }
    for (int i = 0; i < 3; i++) {
      lake.flush("o" + i, "page.view", OTHER_HOUR.plusSeconds(i));
    }
    assertThat(files(lake.table(), 14)).hasSize(12);
    List<DataFile> otherBefore = files(lake.table(), 15);

    MaintenanceReport r = lake.pass().run(lake.table(), false);

    assertThat(r.filesRewritten()).isEqualTo(12);
    assertThat(r.partitionsCompacted()).isEqualTo(1);
    assertThat(r.notes()).isEmpty();
    Table table = lake.readBack();
    List<DataFile> after = files(table, 14);
    assertThat(after).hasSizeLessThan(10).hasSize(1);
    assertThat(files(table, 15))
        .extracting(DataFile::location)
        .containsExactlyInAnyOrderElementsOf(otherBefore.stream().map(DataFile::location).toList());
    assertThat(after.get(0).sortOrderId()).isEqualTo(table.sortOrder().orderId());
    assertThat(after.get(0).location())
        .contains("/data/type=page.view/year=2024/month=01/day=15/hour=14/compact-");

    List<Record> rows = TestTables.rows(table);
    assertThat(rows).hasSize(63);
    List<Record> compacted = rows.stream().filter(x -> x.getField("hour").equals(14)).toList();
    assertThat(compacted)
        .extracting(x -> (String) x.getField("id"))
        .containsExactlyInAnyOrderElementsOf(ids);
    // the file's rows come in time order
    List<OffsetDateTime> times =
        compacted.stream().map(x -> (OffsetDateTime) x.getField("time")).toList();
    assertThat(times).isSorted();
    Record row = compacted.get(0);
    PageViewRow.assertColumns(row);
  }

  @Test
  void belowTheThresholdNothingIsRewritten() {
    Lake lake = new Lake(warehouse, "compaction.threshold", "10");
    for (int i = 0; i < 9; i++) {
      lake.flush("e" + i, "x", HOUR);
    }
    MaintenanceReport r = lake.pass().run(lake.table(), false);
    assertThat(r.filesRewritten()).isZero();
    assertThat(files(lake.readBack(), 14)).hasSize(9);
  }

  @Test
  void appendsOfAnotherNodeRacingCompactionsAreNeitherLostNorDoubled() throws Exception {
    Lake compactingNode = new Lake(warehouse, "compaction.threshold", "3");
    Lake ingestingNode = new Lake(warehouse, "compaction.threshold", "3");
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger appended = new AtomicInteger();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread ingest =
        new Thread(
            () -> {
              try {
                while (!done.get() && appended.get() < 120) {
                  int n = appended.getAndIncrement();
                  ingestingNode.flush("i" + n, "race", HOUR.plusSeconds(n % 3000));
                }
              } catch (Throwable t) {
                failures.add(t);
              }
            });
    ingest.start();
    int rewritten = 0;
    MaintenancePass pass = compactingNode.pass();
    List<String> notes = new ArrayList<>();
    int passes = 0;
    while (ingest.isAlive() && passes++ < 200) {
      MaintenanceReport r = pass.run(compactingNode.table(), false);
      rewritten += r.filesRewritten();
      notes.addAll(r.notes());
      Thread.sleep(20);
    }
    done.set(true);
    ingest.join();
    assertThat(failures).isEmpty();
    MaintenanceReport last = pass.run(compactingNode.table(), false);
    rewritten += last.filesRewritten();
    assertThat(rewritten).as("notes: %s, passes %s", notes, passes).isPositive();
    List<Object> ids =
        TestTables.rows(compactingNode.readBack()).stream().map(r -> r.getField("id")).toList();
    List<String> expected = new ArrayList<>();
    for (int n = 0; n < appended.get(); n++) {
      expected.add("i" + n);
    }
    assertThat(ids).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(files(compactingNode.readBack(), 14)).hasSizeLessThan(3);
    assertThat(last.notes()).isEmpty();
  }

  @Test
  void twoCompactorsOnOneSnapshotTheLoserCommitsNothingAndLeavesNoFile() {
    Lake a = new Lake(warehouse, "compaction.threshold", "3");
    Lake b = new Lake(warehouse, "compaction.threshold", "3");
    for (int i = 0; i < 6; i++) {
      a.flush("e" + i, "x", HOUR.plusSeconds(i));
    }
    TableSetup.apply(a.table(), a.settings.maintenance());
    Table staleB = b.table(); // b plans on this snapshot, and is not refreshed again

    Compactor.Result first = new Compactor(3, 128L << 20).run(a.table(), () -> false);
    a.flush("late", "x", HOUR);
    Compactor.Result second = new Compactor(3, 128L << 20).run(staleB, () -> false);

    assertThat(first.filesRewritten()).isEqualTo(6);
    assertThat(second.filesRewritten()).isZero();
    assertThat(second.note()).contains("lost a race");
    Table t = a.readBack();
    List<Object> ids = TestTables.rows(t).stream().map(r -> r.getField("id")).sorted().toList();
    assertThat(ids).containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "late");
    // b's rewritten files were deleted: every compact- file on disk is one the table references
    List<String> referenced = files(t, 14).stream().map(DataFile::location).toList();
    assertThat(a.files(".parquet"))
        .filteredOn(p -> p.getFileName().toString().startsWith("compact-"))
        .hasSize(1)
        .allSatisfy(p -> assertThat(referenced).anyMatch(l -> l.endsWith(p.toString())));
  }
}
