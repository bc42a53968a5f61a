package dev.floe.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CatalogProducer;
import dev.floe.testing.Fixtures;
import dev.floe.testing.PageViewRow;
import dev.floe.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableCommitterTest {
  @TempDir Path warehouse;

  private TableCommitter committer() {
    return new TableCommitter(CatalogProducer.create(TestTables.settings(warehouse)));
  }

  @Test
  void writesEveryColumnAndReadsBackThroughAStandardReader() {
    TableCommitter c = committer();
    WriteResult w = c.write(List.of(List.of(Fixtures.PAGE_VIEW)), "c1");
    CommitResult r = c.commit(w, "c1", Map.of("floe.test", "yes"));

    Table table = TestTables.load(warehouse.resolve("analytics/events"));
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(r.snapshotId());
    assertThat(table.currentSnapshot().summary())
        .containsEntry(TableCommitter.COMMIT_ID, "c1")
        .containsEntry("floe.test", "yes");
    List<Record> rows = TestTables.rows(table);
    assertThat(rows).hasSize(1);
    Record row = rows.get(0);
    assertThat(row.getField("id")).isEqualTo("123");
    assertThat(((OffsetDateTime) row.getField("time")).toInstant())
        .isEqualTo(Instant.parse("2024-01-15T14:30:00Z"));
    PageViewRow.assertColumns(row);
    assertThat(r.files())
        .singleElement()
        .asString()
        .contains("/analytics/events/data/type=page.view/year=2024/month=01/day=15/hour=14/");
  }

  @Test
  void severalPartitionsMakeOneSnapshotWithOneFileEach() {
    TableCommitter c = committer();
    Instant h1 = Instant.parse("2024-03-01T10:05:00Z");
    Instant h2 = Instant.parse("2024-03-01T11:05:00Z");
    WriteResult w =
        c.write(
            List.of(
                List.of(Fixtures.event("a", "x", h1), Fixtures.event("b", "x", h1)),
                List.of(Fixtures.event("c", "x", h2)),
                List.of(Fixtures.event("d", "y", h1))),
            "c2");
    c.commit(w, "c2", Map.of());
    Table table = TestTables.load(warehouse.resolve("analytics/events"));
    assertThat(table.snapshots()).hasSize(1);
    assertThat(table.currentSnapshot().summary()).containsEntry("added-data-files", "3");
    assertThat(TestTables.rows(table)).hasSize(4);
    assertThat(c.committed("c2")).isNotNull();
    assertThat(c.committed("nope")).isNull();
  }

  @Test
  void hostileTypesStayInsideTheTableFolder() throws Exception {
    TableCommitter c = committer();
    Instant t = Instant.parse("2024-03-01T10:05:00Z");
    List<String> types = List.of("../../x", "..", "a/b", "/etc/passwd", "x".repeat(255), "é/..");
    int i = 0;
    for (String type : types) {
      String id = "c" + i++;
      c.commit(c.write(List.of(List.of(Fixtures.event(id, type, t))), id), id, Map.of());
    }
    Path data = warehouse.resolve("analytics/events/data").toRealPath();
    try (Stream<Path> all = Files.walk(warehouse)) {
      List<Path> parquet = all.filter(p -> p.toString().endsWith(".parquet")).toList();
      assertThat(parquet).hasSize(types.size());
      assertThat(parquet).allSatisfy(p -> assertThat(p.toRealPath()).startsWith(data));
      assertThat(parquet)
          .allSatisfy(p -> assertThat(data.relativize(p.toRealPath()).getNameCount()).isEqualTo(6));
    }
    List<Record> rows = TestTables.rows(TestTables.load(warehouse.resolve("analytics/events")));
    assertThat(rows).extracting(r -> r.getField("type")).containsExactlyInAnyOrderElementsOf(types);
  }

  @Test
  void aSecondWriterOnTheSameTableDoesNotLoseCommits() {
    TableCommitter a = committer();
    TableCommitter b = committer();
    Instant t = Instant.parse("2024-03-01T10:05:00Z");
    for (int i = 0; i < 5; i++) {
      a.commit(
          a.write(List.of(List.of(Fixtures.event("a" + i, "x", t))), "a" + i), "a" + i, Map.of());
      b.commit(
          b.write(List.of(List.of(Fixtures.event("b" + i, "x", t))), "b" + i), "b" + i, Map.of());
    }
    Table table = TestTables.load(warehouse.resolve("analytics/events"));
    assertThat(TestTables.rows(table)).hasSize(10);
    Snapshot s = table.currentSnapshot();
    int chain = 0;
    for (; s != null; s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      chain++;
    }
    assertThat(chain).isEqualTo(10);
  }
}
