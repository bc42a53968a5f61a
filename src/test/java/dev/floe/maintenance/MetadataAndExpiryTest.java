package dev.floe.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CatalogProducer;
import dev.floe.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataAndExpiryTest {
  private static final Instant T = Instant.parse("2024-01-15T14:00:00Z");

  @TempDir Path warehouse;

  /** A lake whose snapshots expire as soon as a pass runs, but for the newest {@code minKeep}. */
  private Lake expiringAtOnce(String minKeep, String key, String value) {
    return new Lake(
        warehouse, "floe.snapshot.max.age", "0", "floe.snapshot.min.keep", minKeep, key, value);
  }

  @Test
  void after500CommitsTheMetadataFolderHoldsABoundedNumberOfVersionsAndReadersStillOpenIt()
      throws Exception {
    Lake lake = expiringAtOnce("10", "floe.metadata.versions.kept", "8");
    MaintenancePass pass = lake.pass();
    for (int i = 0; i < 500; i++) {
      lake.flush("e" + i, "t" + (i % 3), T.plusSeconds(i));
      if (i % 100 == 0) {
        pass.run(lake.table(), true);
      }
    }
    MaintenanceReport last = pass.run(lake.table(), true);
    List<Path> versions = lake.files(".metadata.json");
    // the kept versions, the current one, and those of the last pass's few commits in between
    assertThat(versions).hasSizeBetween(2, 8 + 1);
    assertThat(last.snapshots()).isLessThanOrEqualTo(10);
    // manifest lists of the kept snapshots, and manifests: appends merge them past 100
    // (commit.manifest.min-count-to-merge), expiry deletes those no kept snapshot lists
    assertThat(lake.files(".avro").size()).isLessThan(100 + 10 + 10);

    // Hadoop-table readers: version-hint.text, then the newest vN.metadata.json
    Table hadoop = lake.readBack();
    assertThat(TestTables.rows(hadoop)).hasSize(500);
    // Iceberg's static reader on the newest metadata file
    Path newest =
        versions.stream()
            .max(java.util.Comparator.comparingInt(MetadataAndExpiryTest::version))
            .orElseThrow();
    Table statik =
        new BaseTable(new StaticTableOperations("file:" + newest, lake.table().io()), "static");
    assertThat(TestTables.rows(statik)).hasSize(500);
    // Floe itself, as a node starting now
    assertThat(TestTables.rows(CatalogProducer.create(lake.settings).table())).hasSize(500);
    assertThat(CatalogProducer.create(lake.settings).listTables()).hasSize(1);
    // a pointer left naming a version since deleted (its writer stalled before moving it)
    Files.writeString(lake.tableDir().resolve("metadata/version-hint.text"), "1");
    Table fromStalePointer = CatalogProducer.create(lake.settings).table();
    assertThat(fromStalePointer.currentSnapshot().snapshotId())
        .isEqualTo(hadoop.currentSnapshot().snapshotId());
  }

  private static int version(Path p) {
    String n = p.getFileName().toString();
    return Integer.parseInt(n.substring(1, n.indexOf('.')));
  }

  @Test
  void expiryKeepsTheNewestSnapshotsAndEveryFileOfTheCurrentOneAndDeletesOnlyWhatExpiredOnesHeld()
      throws Exception {
    Lake lake = expiringAtOnce("1", "compaction.threshold", "5");
    for (int i = 0; i < 12; i++) {
      lake.flush("e" + i, "x", T.plusSeconds(i));
    }
    List<Path> before = lake.files(".parquet");
    MaintenanceReport r = lake.pass().run(lake.table(), false);

    assertThat(r.filesRewritten()).isEqualTo(12);
    assertThat(r.snapshotsExpired()).isPositive();
    assertThat(r.snapshots()).isEqualTo(1);
    Table t = lake.readBack();
    assertThat(TestTables.rows(t)).hasSize(12);
    try (CloseableIterable<FileScanTask> tasks = t.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile f = task.file();
        assertThat(Files.exists(Path.of(f.location().substring("file:".length())))).isTrue();
      }
    }
    // the small files stay while the snapshot that replaced them is kept (Iceberg deletes a file
    // when the snapshot that removed it expires); one commit later that one expires too
    assertThat(lake.files(".parquet")).hasSize(13);
    lake.flush("later", "x", T);
    MaintenanceReport next = lake.pass().run(lake.table(), false);
    assertThat(next.snapshotsExpired()).isEqualTo(1);
    assertThat(next.expiredFilesDeleted()).isGreaterThanOrEqualTo(12);
    assertThat(lake.files(".parquet")).hasSize(2).doesNotContainAnyElementsOf(before);
    assertThat(TestTables.rows(lake.readBack())).hasSize(13);
  }
}
