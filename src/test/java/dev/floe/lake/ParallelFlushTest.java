package dev.floe.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CatalogProducer;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import dev.floe.testing.TestTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flush of many partitions writes their files side by side and commits them once, as before; a
 * partition that fails leaves no file of the flush behind; closing the committer stops the writers.
 */
class ParallelFlushTest {
  private static final Instant HOUR = Instant.parse("2024-05-01T10:00:00Z");

  @TempDir Path warehouse;

  @AfterEach
  void stop() {
    WritePool.shutdown();
  }

  private TableCommitter committer() {
    TableCommitter c = new TableCommitter(CatalogProducer.create(TestTables.settings(warehouse)));
    c.table();
    return c;
  }

  private static List<List<EventRecord>> partitions(int count, int each) {
    List<List<EventRecord>> partitions = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      List<EventRecord> events = new ArrayList<>();
      for (int i = 0; i < each; i++) {
        events.add(event("p" + p + "-" + i, "type" + p, HOUR.plusSeconds(p * 3600L + i)));
      }
      partitions.add(events);
    }
    return partitions;
  }

  private static EventRecord event(String id, String type, Instant time) {
    return new EventRecord(
        id, type, "src", "1.0", time, null, null, null, "{}", Map.of(), CloudflareInfo.NONE, time);
  }

  @Test
  void tenPartitionsAreTenFilesInOneSnapshotEachHoldingItsPartitionsRows() {
    TableCommitter c = committer();
    List<List<EventRecord>> partitions = partitions(10, 500);

    WriteResult written = c.write(partitions, "flush-1");
    c.commit(written, "flush-1", Map.of());

    assertThat(written.rows()).isEqualTo(5_000);
    assertThat(written.files()).hasSize(10);
    for (int p = 0; p < 10; p++) {
      DataFile f = written.files().get(p);
      assertThat(f.location())
          .contains("/type=type" + p + "/")
          .endsWith("flush-1-" + p + ".parquet");
      assertThat(f.recordCount()).isEqualTo(500);
      assertThat(f.partition().get(0, String.class)).isEqualTo("type" + p);
    }
    List<Record> rows = TestTables.rows(c.table());
    assertThat(rows).hasSize(5_000);
    assertThat(rows)
        .allSatisfy(
            r ->
                assertThat((String) r.getField("id"))
                    .startsWith(r.getField("type").toString().replace("type", "p") + "-"));
    assertThat(c.table().snapshots()).hasSize(1);
  }

  @Test
  void aPartitionThatCannotBeWrittenLeavesNoFileOfTheFlush() throws IOException {
    TableCommitter c = committer();
    List<List<EventRecord>> partitions = partitions(6, 200);
    List<EventRecord> broken = new ArrayList<>(partitions.get(3));
    broken.add(event(null, "type3", HOUR.plusSeconds(3 * 3600L))); // id is a required column
    partitions.set(3, broken);

    assertThatThrownBy(() -> c.write(partitions, "flush-2"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("id");

    assertThat(parquetFiles()).as("files of the failed flush").isEmpty();
    assertThat(c.table().currentSnapshot()).isNull();
  }

  @Test
  void closingTheCommitterStopsTheWriters() {
    TableCommitter c = committer();
    c.commit(c.write(partitions(4, 50), "flush-3"), "flush-3", Map.of());

    c.closeOwnThreads();

    assertThat(WritePoolTest.writerThreads()).as("writer threads left running").isEmpty();
    // a committer of a later deployment (or the real one after the rehearsal) writes again
    TableCommitter again = committer();
    assertThat(again.write(partitions(4, 50), "flush-4").files()).hasSize(4);
    again.closeOwnThreads();
    assertThat(WritePoolTest.writerThreads()).isEmpty();
  }

  private List<Path> parquetFiles() throws IOException {
    try (Stream<Path> all = Files.walk(warehouse)) {
      return all.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
  }
}
