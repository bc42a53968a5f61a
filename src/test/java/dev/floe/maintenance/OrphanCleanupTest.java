package dev.floe.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.BinPackRewriteFilePlanner;
import org.apache.iceberg.actions.RewriteFileGroup;
import org.apache.iceberg.actions.SizeBasedFileRewritePlanner;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanCleanupTest {
  private static final Instant T = Instant.parse("2024-01-15T14:00:00Z");
  private static final long DAY = 86_400_000L;

  @TempDir Path warehouse;

  private Lake lake() {
    return new Lake(warehouse, "floe.orphan.grace", "1h", "compaction.threshold", "100");
  }

  private Path partitionDir(Lake lake) {
    return lake.files(".parquet").get(0).getParent();
  }

  @Test
  void oldOrphansGoYoungOnesAndReferencedOnesStayAndNothingOutsideTheTableIsTouched()
      throws Exception {
    Lake lake = lake();
    lake.flush("a", "x", T);
    lake.flush("b", "x", T);
    Path dir = partitionDir(lake);
    List<Path> referenced = lake.files(".parquet");
    referenced.forEach(p -> Lake.age(p, 2 * DAY));
    Path oldOrphan = Files.writeString(dir.resolve("crashed-flush.parquet"), "x");
    Lake.age(oldOrphan, 2 * DAY);
    Path oldManifest = Files.writeString(lake.tableDir().resolve("metadata/lost-m0.avro"), "x");
    Lake.age(oldManifest, 2 * DAY);
    Path young = Files.writeString(dir.resolve("in-flight.parquet"), "x");
    Path outside = Files.createDirectories(warehouse.resolve("analytics/events2/data"));
    Path outsideFile = Files.writeString(outside.resolve("old.parquet"), "x");
    Lake.age(outsideFile, 2 * DAY);
    lake.tableDir().resolve("metadata").toFile().listFiles(); // (metadata files are young)

    MaintenanceReport r = lake.pass().run(lake.table(), true);

    assertThat(r.orphanFilesDeleted()).isEqualTo(2);
    assertThat(oldOrphan).doesNotExist();
    assertThat(oldManifest).doesNotExist();
    assertThat(young).exists();
    assertThat(outsideFile).exists();
    assertThat(referenced).allSatisfy(p -> assertThat(p).exists());
    assertThat(TestTables.rows(lake.readBack())).hasSize(2);
  }

  @Test
  void oldMetadataFilesTheTableStillReachesStay() throws Exception {
    Lake lake = lake();
    for (int i = 0; i < 5; i++) {
      lake.flush("e" + i, "x", T);
    }
    try (var all = Files.walk(lake.tableDir())) {
      all.filter(Files::isRegularFile).forEach(p -> Lake.age(p, 2 * DAY));
    }
    MaintenanceReport r = lake.pass().run(lake.table(), true);
    assertThat(r.orphanFilesDeleted()).isZero();
    assertThat(TestTables.rows(lake.readBack())).hasSize(5);
  }

  @Test
  void whileACommitsOutcomeIsUnknownNoOrphanIsDeleted() throws Exception {
    Lake lake = lake();
    lake.flush("a", "x", T);
    Path orphan = Files.writeString(partitionDir(lake).resolve("maybe-committed.parquet"), "x");
    Lake.age(orphan, 2 * DAY);
    MaintenancePass inDoubt =
        new MaintenancePass(lake.settings.maintenance(), () -> true, () -> false);
    MaintenanceReport r = inDoubt.run(lake.table(), true);
    assertThat(r.orphanFilesDeleted()).isZero();
    assertThat(r.notes()).anyMatch(n -> n.contains("orphan cleanup skipped"));
    assertThat(orphan).exists();
  }

  /**
   * A compaction killed after writing its files and before its commit (as SIGKILL would leave it):
   * the table still reads every row once, and the files are removed as orphans after the grace.
   */
  @Test
  void aCompactionAbandonedBeforeItsCommitLosesNothingAndItsFilesBecomeOrphans() throws Exception {
    Lake lake = lake();
    for (int i = 0; i < 4; i++) {
      lake.flush("e" + i, "x", T.plusSeconds(i));
    }
    Table table = lake.table();
    TableSetup.apply(table, lake.settings.maintenance());
    BinPackRewriteFilePlanner planner =
        new BinPackRewriteFilePlanner(
            table,
            org.apache.iceberg.expressions.Expressions.alwaysTrue(),
            table.currentSnapshot().snapshotId(),
            true);
    planner.init(java.util.Map.of(SizeBasedFileRewritePlanner.MIN_INPUT_FILES, "2"));
    Set<DataFile> abandoned = new HashSet<>();
    try (CloseableIterable<RewriteFileGroup> groups = planner.plan().groups()) {
      for (RewriteFileGroup g : groups) {
        abandoned.addAll(new GroupRewriter(table, () -> false).rewrite(g)); // never committed
      }
    }
    assertThat(abandoned).isNotEmpty();
    assertThat(TestTables.rows(lake.readBack())).hasSize(4);

    // a restart later: still young, they stay; past the grace, they go
    MaintenanceReport soon = lake.pass().run(lake.table(), true);
    assertThat(soon.orphanFilesDeleted()).isZero();
    abandoned.forEach(f -> Lake.age(Path.of(f.location().substring("file:".length())), 2 * DAY));
    MaintenanceReport later = lake.pass().run(lake.table(), true);
    assertThat(later.orphanFilesDeleted()).isEqualTo(abandoned.size());
    assertThat(abandoned)
        .allSatisfy(
            f -> assertThat(Path.of(f.location().substring("file:".length()))).doesNotExist());
    assertThat(TestTables.rows(lake.readBack()))
        .extracting(r -> r.getField("id"))
        .containsExactlyInAnyOrder("e0", "e1", "e2", "e3");
  }
}
