package dev.floe.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.testing.Fixtures;
import dev.floe.testing.HookedCatalog;
import dev.floe.testing.TestTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's entries ({@code floe.wal.<node>.*}) go into the table properties in the same commit as
 * the append, and a retry after a lost race applies both again on the new base.
 */
class TableCommitterPropertiesTest {
  private static final Instant HOUR = Instant.parse("2024-06-01T08:00:00Z");

  @TempDir Path warehouse;

  private CatalogStrategy catalog() {
    return CatalogProducer.create(TestTables.settings(warehouse));
  }

  private static Map<String, String> entries(String node, long position) {
    return Map.of(
        "floe.wal." + node + ".position",
        Long.toString(position),
        "floe.wal." + node + ".partitions",
        "{}",
        "floe.wal." + node + ".log-id",
        node + "-log");
  }

  private long metadataVersions() throws IOException {
    try (Stream<Path> s = Files.list(warehouse.resolve("analytics/events/metadata"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".metadata.json")).count();
    }
  }

  private Table table() {
    Table t = TestTables.load(warehouse.resolve("analytics/events"));
    t.refresh();
    return t;
  }

  @Test
  void nodeEntriesGoIntoThePropertiesInTheSameCommitAsTheAppend() throws IOException {
    TableCommitter c = new TableCommitter(catalog());
    c.table();
    long before = metadataVersions();
    WriteResult w = c.write(List.of(List.of(Fixtures.event("1", "a", HOUR))), "c1");
    c.commit(w, "c1", entries("n1", 7));

    assertThat(metadataVersions()).as("one new table version").isEqualTo(before + 1);
    Table t = table();
    assertThat(t.properties())
        .containsAllEntriesOf(entries("n1", 7))
        .containsEntry("floe.wal.n1.commit-id", "c1");
    assertThat(t.currentSnapshot().summary())
        .containsAllEntriesOf(entries("n1", 7))
        .containsEntry(TableCommitter.COMMIT_ID, "c1");
  }

  @Test
  void aRetryAfterALostRaceAppliesTheAppendAndThePropertiesAgain() {
    TableCommitter other = new TableCommitter(catalog());
    other.table();
    AtomicBoolean raced = new AtomicBoolean();
    CatalogStrategy real = catalog();
    CatalogStrategy racing =
        new HookedCatalog(
            real,
            commit -> {
              if (raced.compareAndSet(false, true)) { // another node commits first
                WriteResult w = other.write(List.of(List.of(Fixtures.event("2", "b", HOUR))), "c2");
                other.commit(w, "c2", entries("n2", 3));
              }
              commit.run();
            });
    TableCommitter c = new TableCommitter(racing);
    WriteResult w = c.write(List.of(List.of(Fixtures.event("1", "a", HOUR))), "c1");
    c.commit(w, "c1", entries("n1", 9));

    assertThat(raced).isTrue();
    Table t = table();
    assertThat(t.properties())
        .containsAllEntriesOf(entries("n1", 9))
        .containsAllEntriesOf(entries("n2", 3))
        .containsEntry("floe.wal.n1.commit-id", "c1")
        .containsEntry("floe.wal.n2.commit-id", "c2");
    assertThat(TestTables.rows(t).stream().map(r -> r.getField("id")))
        .containsExactlyInAnyOrder("1", "2");
  }

  @Test
  void aCommitIsFoundByThePropertiesAfterItsSnapshotExpired() {
    TableCommitter c = new TableCommitter(catalog());
    WriteResult w = c.write(List.of(List.of(Fixtures.event("1", "a", HOUR))), "c1");
    c.commit(w, "c1", entries("n1", 1));
    Table t = catalog().table();
    t.newAppend().commit(); // another tool's snapshot
    t.expireSnapshots()
        .expireOlderThan(System.currentTimeMillis() + 1)
        .retainLast(1)
        .cleanExpiredFiles(false)
        .commit();

    assertThat(c.committed("c1")).as("its snapshot is gone").isNull();
    assertThat(c.landed("c1")).isTrue();
    assertThat(c.landed("never")).isFalse();
  }
}
