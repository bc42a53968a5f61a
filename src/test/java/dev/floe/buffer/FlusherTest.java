package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import dev.floe.lake.TableCommitter;
import dev.floe.testing.Fixtures;
import dev.floe.testing.TestTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlusherTest {
  private static final Instant H1 = Instant.parse("2024-03-01T10:05:00Z");
  private static final Instant H2 = Instant.parse("2024-03-01T11:05:00Z");
  private static final int CAP = 100;

  @TempDir Path warehouse;
  private Path tableDir;
  private CatalogStrategy catalog;
  private Budget budget;

  @BeforeEach
  void setUp() {
    tableDir = warehouse.resolve("analytics/events");
    catalog = CatalogProducer.create(TestTables.settings(warehouse));
    catalog.table(); // create it now, so failures below hit the data, not the creation
    budget = new Budget(1L << 30);
  }

  private Flusher flusher(long maxBackoffMs) {
    return new Flusher(
        new dev.floe.lake.TableSink(new TableCommitter(catalog)),
        maxBackoffMs,
        FlushLog.NONE,
        CommitObserver.NONE);
  }

  /** A buffer holding these events, reserved and budgeted as an accept would. */
  private PartitionBuffer buffer(EventRecord... events) {
    PartitionBuffer b = new PartitionBuffer(PartitionKey.of(events[0]), budget, 0);
    add(b, events);
    return b;
  }

  private void add(PartitionBuffer b, EventRecord... events) {
    long bytes = Budget.bytesOf(List.of(events));
    assertThat(b.tryReserve(events.length, CAP)).isTrue();
    assertThat(budget.tryReserve(bytes)).isTrue();
    b.append(
        List.of(events),
        System.currentTimeMillis(),
        0,
        new Reservation(b, budget, events.length, bytes));
  }

  private static EventRecord ev(String id, String type, Instant t) {
    return Fixtures.event(id, type, t);
  }

  private Table table() {
    return TestTables.load(tableDir);
  }

  private static List<String> ids(List<Record> rows) {
    return rows.stream().map(r -> (String) r.getField("id")).toList();
  }

  /** Looks at a buffer's events without taking them. */
  private static List<String> peek(PartitionBuffer b) {
    PartitionBuffer.Drained d = b.drain();
    b.restore(d);
    return d.events().stream().map(EventRecord::id).toList();
  }

  private List<Path> parquetFiles() throws IOException {
    try (Stream<Path> all = Files.walk(warehouse)) {
      return all.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
  }

  @Test
  void oneFlushOfSeveralBuffersMakesExactlyOneSnapshotWithAllRows() {
    PartitionBuffer x1 = buffer(ev("a", "x", H1), ev("b", "x", H1));
    PartitionBuffer x2 = buffer(ev("c", "x", H2));
    PartitionBuffer y1 = buffer(ev("d", "y", H1), ev("e", "y", H1), ev("f", "y", H1));

    FlushReport r = flusher(60_000).flush(List.of(x1, x2, y1));

    Table t = table();
    assertThat(t.snapshots()).hasSize(1);
    assertThat(r.snapshotId()).isEqualTo(t.currentSnapshot().snapshotId());
    assertThat(t.currentSnapshot().summary())
        .containsEntry("added-data-files", "3")
        .containsEntry("added-records", "6")
        .containsKey(TableCommitter.COMMIT_ID);
    assertThat(r.rows()).isEqualTo(6);
    assertThat(r.files()).hasSize(3);
    assertThat(r.partitions())
        .containsExactly("x/2024-03-01-10", "x/2024-03-01-11", "y/2024-03-01-10");
    List<Record> rows = TestTables.rows(t);
    assertThat(ids(rows)).containsExactlyInAnyOrder("a", "b", "c", "d", "e", "f");
    assertThat(rows)
        .filteredOn(row -> row.getField("id").equals("c"))
        .singleElement()
        .satisfies(row -> assertThat(row.getField("hour")).isEqualTo(11));
  }

  @Test
  void releasesReservationsAndBudgetAfterTheCommit() {
    PartitionBuffer x1 = buffer(ev("a", "x", H1), ev("b", "x", H1));
    PartitionBuffer y1 = buffer(ev("c", "y", H1));
    assertThat(budget.used()).isPositive();
    Flusher f = flusher(60_000);

    f.flush(List.of(x1, y1));

    assertThat(x1.reserved()).isZero();
    assertThat(y1.reserved()).isZero();
    assertThat(x1.size()).isZero();
    assertThat(y1.size()).isZero();
    assertThat(budget.used()).isZero();
    assertThat(f.retryAtMillis()).isZero();
    assertThat(f.runningSinceMillis()).isZero();
    assertThat(f.hasUnknownCommit()).isFalse();
    // slots are free again for new events
    assertThat(x1.tryReserve(CAP, CAP)).isTrue();
  }

  @Test
  void onlyTheSelectedBuffersAreFlushed() {
    PartitionBuffer x1 = buffer(ev("a", "x", H1));
    PartitionBuffer y1 = buffer(ev("b", "y", H1));
    long yBytes = Budget.bytesOf(List.of(ev("b", "y", H1)));

    flusher(60_000).flush(List.of(x1));

    assertThat(ids(TestTables.rows(table()))).containsExactly("a");
    assertThat(peek(y1)).containsExactly("b");
    assertThat(y1.reserved()).isEqualTo(1);
    assertThat(budget.used()).isEqualTo(yBytes);
  }

  @Test
  void emptySelectionReturnsEmptyReportAndCommitsNothing() {
    Flusher f = flusher(60_000);
    FlushReport none = f.flush(List.of());
    assertThat(none).isSameAs(FlushReport.EMPTY);
    assertThat(none.snapshotId()).isNull();
    assertThat(none.rows()).isZero();
    assertThat(none.files()).isEmpty();
    assertThat(none.partitions()).isEmpty();

    PartitionBuffer empty = new PartitionBuffer(PartitionKey.of("x", H1), budget, 0);
    assertThat(f.flush(List.of(empty))).isSameAs(FlushReport.EMPTY);
    assertThat(table().currentSnapshot()).isNull();
    assertThat(f.retryAtMillis()).isZero();
  }

  @Test
  void emptyBuffersInASelectionAreLeftOutOfTheReport() {
    PartitionBuffer empty = new PartitionBuffer(PartitionKey.of("y", H1), budget, 0);
    PartitionBuffer x1 = buffer(ev("a", "x", H1));
    FlushReport r = flusher(60_000).flush(List.of(empty, x1));
    assertThat(r.partitions()).containsExactly("x/2024-03-01-10");
    assertThat(r.files()).hasSize(1);
    assertThat(r.rows()).isEqualTo(1);
  }

  @Test
  void aFailedFlushKeepsEveryEventInOrderAndTheNextFlushCommitsThemExactlyOnce() throws Exception {
    PartitionBuffer x1 = buffer(ev("a", "x", H1), ev("b", "x", H1), ev("c", "x", H1));
    PartitionBuffer y1 = buffer(ev("d", "y", H1));
    long usedBefore = budget.used();
    Flusher f = flusher(60_000);

    // the table's data folder cannot be created: a regular file stands in its way
    Path data = tableDir.resolve("data");
    assertThat(data).doesNotExist();
    Files.writeString(data, "not a folder");

    long before = System.currentTimeMillis();
    assertThatThrownBy(() -> f.flush(List.of(x1, y1))).isInstanceOf(RuntimeException.class);
    long after = System.currentTimeMillis();

    assertThat(peek(x1)).containsExactly("a", "b", "c");
    assertThat(peek(y1)).containsExactly("d");
    assertThat(x1.reserved()).isEqualTo(3);
    assertThat(y1.reserved()).isEqualTo(1);
    assertThat(budget.used()).isEqualTo(usedBefore);
    assertThat(f.retryAtMillis()).isGreaterThan(after).isBetween(before + 1000, after + 1000);
    assertThat(f.hasUnknownCommit()).isFalse();
    assertThat(table().currentSnapshot()).isNull();
    assertThat(parquetFiles()).isEmpty();

    // newer events arrive while the flush is failing
    add(x1, ev("e", "x", H1));

    Files.delete(data); // repaired
    FlushReport r = f.flush(List.of(x1, y1));

    Table t = table();
    assertThat(t.snapshots()).hasSize(1);
    assertThat(r.snapshotId()).isEqualTo(t.currentSnapshot().snapshotId());
    assertThat(r.rows()).isEqualTo(5);
    List<Record> rows = TestTables.rows(t);
    List<String> ids = ids(rows);
    assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    // within the partition's file the failed events come before the newer one
    assertThat(ids.stream().filter(id -> !id.equals("d")).toList())
        .containsExactly("a", "b", "c", "e");
    assertThat(parquetFiles()).hasSize(2);
    assertThat(x1.reserved()).isZero();
    assertThat(y1.reserved()).isZero();
    assertThat(budget.used()).isZero();
    assertThat(f.retryAtMillis()).isZero();

    // and nothing is committed twice by a later flush
    assertThat(f.flush(List.of(x1, y1))).isSameAs(FlushReport.EMPTY);
    assertThat(table().snapshots()).hasSize(1);
  }

  @Test
  void aFlushThatFailsAfterWritingSomeFilesLeavesNoFileBehind() throws Exception {
    PartitionBuffer x1 = buffer(ev("a", "x", H1), ev("b", "x", H1));
    PartitionBuffer y1 = buffer(ev("c", "y", H1));
    Flusher f = flusher(60_000);

    // x's folder can be made, y's cannot: the file of x is written, then y fails
    Path yFolder = tableDir.resolve("data/type=y");
    Files.createDirectories(yFolder.getParent());
    Files.writeString(yFolder, "not a folder");

    assertThatThrownBy(() -> f.flush(List.of(x1, y1))).isInstanceOf(RuntimeException.class);
    assertThat(parquetFiles()).isEmpty();
    assertThat(peek(x1)).containsExactly("a", "b");
    assertThat(peek(y1)).containsExactly("c");
    assertThat(table().currentSnapshot()).isNull();

    Files.delete(yFolder);
    f.flush(List.of(x1, y1));
    List<String> ids = ids(TestTables.rows(table()));
    assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrder("a", "b", "c");
    assertThat(parquetFiles()).hasSize(2);
    assertThat(table().snapshots()).hasSize(1);
    assertThat(budget.used()).isZero();
  }

  @Test
  void backoffDoublesUpToTheMaximumAndResetsOnSuccess() throws Exception {
    PartitionBuffer x1 = buffer(ev("a", "x", H1));
    Flusher f = flusher(3_000);
    Path data = tableDir.resolve("data");
    Files.writeString(data, "not a folder");

    for (long expected : new long[] {1_000, 2_000, 3_000, 3_000}) {
      long before = System.currentTimeMillis();
      assertThatThrownBy(() -> f.flush(List.of(x1))).isInstanceOf(RuntimeException.class);
      long after = System.currentTimeMillis();
      assertThat(f.retryAtMillis()).isBetween(before + expected, after + expected);
      assertThat(peek(x1)).containsExactly("a");
      assertThat(x1.reserved()).isEqualTo(1);
    }

    Files.delete(data);
    f.flush(List.of(x1));
    assertThat(f.retryAtMillis()).isZero();
    assertThat(ids(TestTables.rows(table()))).containsExactly("a");

    // the next failure starts again from the first step
    PartitionBuffer y1 = buffer(ev("b", "y", H1));
    Path yFolder = tableDir.resolve("data/type=y");
    Files.writeString(yFolder, "not a folder");
    long before = System.currentTimeMillis();
    assertThatThrownBy(() -> f.flush(List.of(y1))).isInstanceOf(RuntimeException.class);
    long after = System.currentTimeMillis();
    assertThat(f.retryAtMillis()).isBetween(before + 1_000, after + 1_000);
  }
}
