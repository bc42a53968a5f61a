package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.event.EventRecord;
import dev.floe.testing.Fixtures;
import dev.floe.testing.HookedCatalog;
import dev.floe.testing.TableOnlyCatalog;
import dev.floe.testing.TestTables;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a node's committed log positions live: a new log under an old node id, snapshots expired or
 * rewritten by another tool, an unknown outcome settled after expiry, and a table dropped and
 * created again. In each, every acknowledged event ends in the table exactly once.
 */
class PositionsInTableTest {
  private static final Instant HOUR = Instant.parse("2024-05-01T10:15:00Z");

  @TempDir Path dir;

  private CatalogStrategy local() {
    return CatalogProducer.create(TestTables.settings(dir.resolve("w")));
  }

  private static EventRecord e(String id, String type) {
    return Fixtures.event(id, type, HOUR);
  }

  private static List<String> ids(Table t) {
    t.refresh();
    return TestTables.rows(t).stream().map(r -> (String) r.getField("id")).sorted().toList();
  }

  private List<String> ids() {
    return ids(TestTables.load(dir.resolve("w/analytics/events")));
  }

  /** Another tool rewrites the table: a snapshot without Floe's keys, every older one expired. */
  private static void outsideCompactionAndExpiry(Table t) {
    t.refresh();
    t.rewriteManifests().rewriteIf(m -> true).commit();
    t.newAppend().commit(); // a snapshot that carries none of Floe's keys, whatever came before
    t.expireSnapshots()
        .expireOlderThan(System.currentTimeMillis() + 1)
        .retainLast(1)
        .cleanExpiredFiles(false)
        .commit();
    t.refresh();
    assertThat(t.snapshots()).hasSize(1);
  }

  @Test
  void aFreshLogUnderAnOldNodeIdKeepsEveryAcknowledgedEvent() throws Exception {
    try (TestNode n = new TestNode(dir.resolve("wal"), local())) {
      for (int i = 0; i < 20; i++) {
        n.accept(e("old-" + i, "a"));
      }
      n.flush(null);
    }
    // a new volume: an empty log folder under the same node id; positions start at 1 again
    try (TestNode n = new TestNode(dir.resolve("wal-new"), local())) {
      n.accept(e("kept-1", "b"));
      n.accept(e("kept-2", "b"));
      n.accept(e("flushed-1", "c"));
      n.flush("c");
      assertThat(n.buffered()).as("b's events wait in the buffer").isEqualTo(2);
    } // killed: b's events are only in the log
    try (TestNode n = new TestNode(dir.resolve("wal-new"), local())) {
      n.flush(null);
    }
    assertThat(ids()).hasSize(23).contains("kept-1", "kept-2", "flushed-1", "old-19");
  }

  @Test
  void positionsSurviveAnOutsideCompactionAndExpiry() throws Exception {
    CatalogStrategy catalog = local();
    try (TestNode n = new TestNode(dir.resolve("wal"), catalog)) {
      n.accept(e("1", "a"), e("2", "b"));
      n.accept(e("3", "a"));
      n.flusher = new Flusher(n.sink, 100, n.log, new DiesAfterCommit());
      assertThatThrownBy(() -> n.flush(null)).hasMessageContaining("died"); // it landed
    }
    outsideCompactionAndExpiry(catalog.table());
    try (TestNode n = new TestNode(dir.resolve("wal"), local())) {
      assertThat(n.buffered()).as("replayed from the log").isEqualTo(3);
      n.flush(null);
      assertThat(n.buffered()).isZero();
    }
    assertThat(ids()).containsExactly("1", "2", "3");
  }

  @Test
  void anUnknownOutcomeIsSettledAfterTheSnapshotExpired() throws Exception {
    CatalogStrategy real = local();
    real.table();
    AtomicBoolean loseAnswer = new AtomicBoolean();
    CatalogStrategy catalog = // commits land and then, while asked, report an unknown outcome
        new HookedCatalog(
            real,
            commit -> {
              commit.run();
              if (loseAnswer.getAndSet(false)) {
                throw new CommitStateUnknownException(new IOException("answer lost"));
              }
            });
    try (TestNode n = new TestNode(dir.resolve("wal"), catalog)) {
      n.accept(e("1", "a"));
      n.flush(null);
      n.accept(e("2", "a"));
      loseAnswer.set(true);
      try {
        n.flush(null);
      } catch (CommitStateUnknownException expected) {
        // it landed; the answer was lost
      }
      outsideCompactionAndExpiry(real.table());
      Thread.sleep(150); // past the back-off
      n.flush(null); // settles the unknown commit before anything else
      assertThat(n.buffered()).isZero();
    } catch (InterruptedException ie) {
      throw new AssertionError(ie);
    }
    assertThat(ids()).containsExactly("1", "2");
  }

  @Test
  void aTableDroppedAndCreatedAgainTakesTheBufferedEvents() throws Exception {
    try (InMemory catalog = new InMemory()) {
      try (TestNode n = new TestNode(dir.resolve("wal"), catalog)) {
        n.accept(e("1", "a"));
        n.flush(null);
        n.accept(e("2", "a"));
        catalog.dropTable("events", true); // as DELETE /debug/tables/events does
        n.flush(null);
        n.accept(e("3", "a"));
        n.flush(null);
        assertThat(n.buffered()).isZero();
      }
      assertThat(ids(catalog.table())).containsExactly("2", "3");
    }
  }

  /** The process dies between the commit and telling the log. */
  private static final class DiesAfterCommit implements CommitObserver {
    @Override
    public void committed(Map<String, String> summary) {
      throw new IllegalStateException("the process died after the commit");
    }
  }

  /** A catalog that can drop Floe's table and create it again, as a REST catalog can. */
  private static final class InMemory implements TableOnlyCatalog, AutoCloseable {
    private final InMemoryCatalog catalog = new InMemoryCatalog();
    private final TableIdentifier id = TableIdentifier.of("analytics", "events");
    private Table table;

    InMemory() {
      catalog.initialize("mem", Map.of("warehouse", "mem://warehouse"));
      catalog.createNamespace(Namespace.of("analytics"));
    }

    @Override
    public String kind() {
      return "memory";
    }

    @Override
    public synchronized Table table() {
      if (table == null) {
        table =
            catalog.tableExists(id)
                ? catalog.loadTable(id)
                : catalog
                    .buildTable(id, dev.floe.catalog.EventsTable.SCHEMA)
                    .withPartitionSpec(dev.floe.catalog.EventsTable.SPEC)
                    .withProperty("format-version", "2")
                    .create();
      }
      return table;
    }

    @Override
    public boolean canDropTables() {
      return true;
    }

    @Override
    public synchronized boolean dropTable(String name, boolean purge) {
      table = null;
      return catalog.dropTable(id, purge);
    }

    @Override
    public void close() {
      try {
        catalog.close();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
