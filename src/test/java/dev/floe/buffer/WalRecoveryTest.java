package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CatalogProducer;
import dev.floe.event.EventRecord;
import dev.floe.testing.Fixtures;
import dev.floe.testing.TestTables;
import dev.floe.wal.FaultyDisk;
import dev.floe.wal.FaultyDisk.Fault;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with its write-ahead log, stopped at each point a crash can hit, then started again: every
 * acknowledged event ends in the table exactly once.
 */
class WalRecoveryTest {
  private static final Instant HOUR = Instant.parse("2024-05-01T10:15:00Z");

  @TempDir Path dir;

  private TestNode node(String walDir) throws IOException {
    return node(walDir, new FaultyDisk());
  }

  private TestNode node(String walDir, FaultyDisk disk) throws IOException {
    return new TestNode(
        dir.resolve(walDir), CatalogProducer.create(TestTables.settings(dir.resolve("w"))), disk);
  }

  private static EventRecord e(String id, String type) {
    return Fixtures.event(id, type, HOUR);
  }

  private List<String> ids() {
    Table t = TestTables.load(dir.resolve("w/analytics/events"));
    return TestTables.rows(t).stream().map(r -> (String) r.getField("id")).sorted().toList();
  }

  @Test
  void aFailedForceRefusesTheRequestAndKeepsNothingOfItOnceTheDiskHasRoom() throws Exception {
    FaultyDisk disk = new FaultyDisk();
    try (TestNode n = node("wal", disk)) {
      n.accept(e("1", "a"));
      disk.fail(Fault.FSYNC);
      assertThatThrownBy(() -> n.accept(e("2", "a"), e("3", "b")))
          .isInstanceOfSatisfying(
              BufferRefusedException.class,
              r -> assertThat(r.reason()).isEqualTo(BufferRefusedException.Reason.LOG_FAILED));
      assertThatThrownBy(() -> n.accept(e("4", "b"))).isInstanceOf(BufferRefusedException.class);
      assertThat(n.log.ready()).isFalse();
      assertThat(n.log.waitingFor()).contains("write-ahead log failed");
      assertThatThrownBy(() -> n.flush(null)).as("nothing commits past a failing log");
      assertThat(n.committer.table().currentSnapshot()).isNull();

      disk.fail(Fault.NONE);
      n.flush(null); // repairs the log first: the refused events leave the buffers
      assertThat(ids()).containsExactly("1");
      assertThat(n.log.ready()).isTrue();
      n.accept(e("2", "a"), e("3", "b")); // the client's retry
      n.flush(null);
      assertThat(n.partitions.pendingEvents()).isZero();
      assertThat(n.partitions.budget().used()).isZero();
    }
    assertThat(ids()).containsExactly("1", "2", "3");
    try (TestNode n = node("wal")) {
      n.flush(null);
    }
    assertThat(ids()).as("a restart replays nothing twice").containsExactly("1", "2", "3");
  }

  @Test
  void aRequestRefusedByAFailedForceIsNotReplayedAfterACrash() throws Exception {
    FaultyDisk disk = new FaultyDisk();
    TestNode n = node("wal", disk);
    n.accept(e("1", "a"));
    disk.fail(Fault.FSYNC); // the record reaches the page cache, its force fails
    assertThatThrownBy(() -> n.accept(e("2", "a"))).isInstanceOf(BufferRefusedException.class);
    assertThatThrownBy(n::close).isInstanceOf(IOException.class); // the process dies
    try (TestNode again = node("wal")) {
      assertThat(again.replayed).as("only the acknowledged event comes back").isEqualTo(1);
      again.flush(null);
    }
    assertThat(ids()).containsExactly("1");
  }

  @Test
  void crashAfterTheLogBeforeTheCommit() throws Exception {
    try (TestNode n = node("wal")) {
      n.accept(e("1", "a"), e("2", "a"));
      n.accept(e("3", "b"));
    }
    try (TestNode n = node("wal")) {
      assertThat(n.replayed).isEqualTo(3);
      n.flush(null);
    }
    assertThat(ids()).containsExactly("1", "2", "3");
    try (TestNode n = node("wal")) {
      assertThat(n.replayed).as("the commit emptied the log").isZero();
    }
  }

  @Test
  void crashAfterTheCommitBeforeTheLogLearnsOfIt() throws Exception {
    try (TestNode n = node("wal")) {
      n.accept(e("1", "a"), e("2", "b"));
      n.flusher = new Flusher(n.sink, 100, n.log, new DiesAfterCommit());
      assertThatThrownBy(() -> n.flush(null)).hasMessageContaining("died");
    }
    assertThat(ids()).containsExactly("1", "2");
    try (TestNode n = node("wal")) {
      assertThat(n.replayed).as("the log was never truncated").isEqualTo(2);
      n.flush(null); // reconciles: both are in the table already
      assertThat(n.buffered()).isZero();
      assertThat(n.partitions.pendingEvents()).isZero();
      assertThat(n.partitions.budget().used()).as("their room was given back").isZero();
    }
    assertThat(ids()).containsExactly("1", "2");
  }

  @Test
  void aPartialFlushRecordsWhichPartitionsMovedOn() throws Exception {
    try (TestNode n = node("wal")) {
      n.accept(e("a1", "a"));
      n.accept(e("b1", "b"));
      n.accept(e("a2", "a"));
      n.flush("a");
      CommittedPositions p = CommittedPositions.inTable("node-a", n.committer.table());
      assertThat(p.watermark()).as("b1 at position 2 is not in the table").isEqualTo(1);
      assertThat(p.partitions()).containsEntry("a/2024-05-01-10", 3L);
    }
    assertThat(ids()).containsExactly("a1", "a2");
    try (TestNode n = node("wal")) {
      assertThat(n.replayed)
          .as("a1 is below the local checkpoint; a2 is dropped by the table")
          .isEqualTo(2);
      n.flush(null);
    }
    assertThat(ids()).containsExactly("a1", "a2", "b1");
  }

  @Test
  void aTornLastRecordWasNeverAcknowledgedAndIsDropped() throws Exception {
    try (TestNode n = node("wal")) {
      n.accept(e("1", "a"));
      n.accept(e("2", "a"));
    }
    Path segment;
    try (Stream<Path> s = Files.list(dir.resolve("wal"))) {
      segment = s.filter(p -> p.toString().endsWith(".wal")).findFirst().orElseThrow();
    }
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 5); // its force never finished: no 2xx was sent for it
    }
    try (TestNode n = node("wal")) {
      assertThat(n.replayed).isEqualTo(1);
      n.flush(null);
    }
    assertThat(ids()).containsExactly("1");
  }

  @Test
  void manyRestartsNeverDuplicate() throws Exception {
    List<String> sent = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      try (TestNode n = node("wal")) {
        for (int i = 0; i < 4; i++) {
          String id = round + "-" + i;
          n.accept(e(id, i % 2 == 0 ? "a" : "b"));
          sent.add(id);
        }
        if (round % 2 == 0) {
          n.flush("a"); // half flushed, half left for the log
        }
      }
    }
    try (TestNode n = node("wal")) {
      n.flush(null);
    }
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  void twoProcessesUnderOneNodeIdAreStoppedBeforeTheyCorruptPositions() throws Exception {
    try (TestNode a = node("wal-a");
        TestNode b = node("wal-b")) { // same node id "node-a", different logs: a misconfiguration
      a.flush(null);
      b.flush(null); // both checked against the empty table
      a.accept(e("1", "a"));
      b.accept(e("2", "a"));
      a.flush(null);
      assertThatThrownBy(() -> b.flush(null))
          .hasMessageContaining("FLOE_NODE_ID")
          .hasMessageContaining("node-a");
      assertThat(b.buffered())
          .as("b's event is kept, not committed under a moved position")
          .isEqualTo(1);
    }
    assertThat(ids()).containsExactly("1");
  }

  /**
   * The process dies between the commit and telling the log, as the crash tests' observer halts the
   * JVM there: nothing after this point runs (the flush fails, and the node is closed unflushed).
   */
  private static final class DiesAfterCommit implements CommitObserver {
    @Override
    public void committed(Map<String, String> summary) {
      throw new IllegalStateException("the process died after the commit");
    }
  }
}
