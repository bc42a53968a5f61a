package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.buffer.PartitionBuffer.Drained;
import dev.floe.catalog.CatalogProducer;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import dev.floe.lake.TableCommitter;
import dev.floe.testing.Fixtures;
import dev.floe.testing.TestTables;
import dev.floe.wal.EventCodec;
import dev.floe.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
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

  /** Buffers, log and flusher as PartitionBuffers wires them, minus the container. */
  private final class Node implements AutoCloseable {
    final WriteAheadLog wal;
    final Map<PartitionKey, PartitionBuffer> buffers = new ConcurrentHashMap<>();
    final ReentrantLock lock = new ReentrantLock();
    final Budget budget = new Budget(Long.MAX_VALUE / 4);
    final TableCommitter committer;
    final WalFlushLog log;
    final int replayed;
    Flusher flusher;

    Node() throws IOException {
      this("wal");
    }

    Node(String walDir) throws IOException {
      wal =
          WriteAheadLog.open(
              dir.resolve(walDir),
              new WriteAheadLog.Options(1 << 20, 1 << 30, WriteAheadLog.Ack.FSYNC, 0),
              "node-a");
      committer = new TableCommitter(CatalogProducer.create(TestTables.settings(dir.resolve("w"))));
      replayed = WalFlushLog.replay(wal, buffers, budget, (events, position) -> {});
      log = new WalFlushLog(wal, buffers, lock, committer, budget, 0);
      flusher = new Flusher(committer, budget, 100, log);
    }

    void accept(EventRecord... events) throws IOException {
      long position;
      lock.lock();
      try {
        position = wal.append(EventCodec.encode(List.of(events)));
        for (EventRecord e : events) {
          PartitionBuffer b =
              buffers.computeIfAbsent(PartitionKey.of(e), k -> new PartitionBuffer(k, 0));
          b.tryReserve(1, Integer.MAX_VALUE);
          budget.forceReserve(Budget.bytesOf(List.of(e)));
          b.append(List.of(e), System.currentTimeMillis(), position);
        }
      } finally {
        lock.unlock();
      }
      wal.awaitDurable(position);
    }

    void flush(String type) {
      Collection<PartitionBuffer> which =
          buffers.values().stream().filter(b -> type == null || b.key.type().equals(type)).toList();
      flusher.flush(which);
    }

    /** The process dies: nothing more reaches the log, its lock goes with the process. */
    @Override
    public void close() throws IOException {
      wal.close();
    }
  }

  private static EventRecord e(String id, String type) {
    return Fixtures.event(id, type, HOUR);
  }

  private List<String> ids() {
    Table t = TestTables.load(dir.resolve("w/analytics/events"));
    return TestTables.rows(t).stream().map(r -> (String) r.getField("id")).sorted().toList();
  }

  @Test
  void crashAfterTheLogBeforeTheCommit() throws IOException {
    try (Node n = new Node()) {
      n.accept(e("1", "a"), e("2", "a"));
      n.accept(e("3", "b"));
    }
    try (Node n = new Node()) {
      assertThat(n.replayed).isEqualTo(3);
      n.flush(null);
    }
    assertThat(ids()).containsExactly("1", "2", "3");
    try (Node n = new Node()) {
      assertThat(n.replayed).as("the commit emptied the log").isZero();
    }
  }

  @Test
  void crashAfterTheCommitBeforeTheLogLearnsOfIt() throws IOException {
    try (Node n = new Node()) {
      n.accept(e("1", "a"), e("2", "b"));
      n.flusher = new Flusher(n.committer, n.budget, 100, new DiesAfterCommit(n.log));
      n.flush(null);
    }
    assertThat(ids()).containsExactly("1", "2");
    try (Node n = new Node()) {
      assertThat(n.replayed).as("the log was never truncated").isEqualTo(2);
      n.flush(null); // reconciles: both are in the table already
      assertThat(n.buffers.values().stream().mapToInt(PartitionBuffer::size).sum()).isZero();
    }
    assertThat(ids()).containsExactly("1", "2");
  }

  @Test
  void aPartialFlushRecordsWhichPartitionsMovedOn() throws IOException {
    try (Node n = new Node()) {
      n.accept(e("a1", "a"));
      n.accept(e("b1", "b"));
      n.accept(e("a2", "a"));
      n.flush("a");
      CommittedPositions p = CommittedPositions.inTable("node-a", n.committer.table());
      assertThat(p.watermark()).as("b1 at position 2 is not in the table").isEqualTo(1);
      assertThat(p.partitions()).containsEntry("a/2024-05-01-10", 3L);
    }
    assertThat(ids()).containsExactly("a1", "a2");
    try (Node n = new Node()) {
      assertThat(n.replayed)
          .as("a1 is below the local checkpoint; a2 is dropped by the table")
          .isEqualTo(2);
      n.flush(null);
    }
    assertThat(ids()).containsExactly("a1", "a2", "b1");
  }

  @Test
  void aTornLastRecordWasNeverAcknowledgedAndIsDropped() throws IOException {
    try (Node n = new Node()) {
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
    try (Node n = new Node()) {
      assertThat(n.replayed).isEqualTo(1);
      n.flush(null);
    }
    assertThat(ids()).containsExactly("1");
  }

  @Test
  void manyRestartsNeverDuplicate() throws IOException {
    List<String> sent = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      try (Node n = new Node()) {
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
    try (Node n = new Node()) {
      n.flush(null);
    }
    assertThat(ids()).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  void twoProcessesUnderOneNodeIdAreStoppedBeforeTheyCorruptPositions() throws IOException {
    try (Node a = new Node("wal-a");
        Node b = new Node("wal-b")) { // same node id "node-a", different logs: a misconfiguration
      a.flush(null);
      b.flush(null); // both checked against the empty table
      a.accept(e("1", "a"));
      b.accept(e("2", "a"));
      a.flush(null);
      assertThatThrownBy(() -> b.flush(null))
          .hasMessageContaining("FLOE_NODE_ID")
          .hasMessageContaining("node-a");
      assertThat(b.buffers.values().stream().mapToInt(PartitionBuffer::size).sum())
          .as("b's event is kept, not committed under a moved position")
          .isEqualTo(1);
    }
    assertThat(ids()).containsExactly("1");
  }

  /** A flush log whose process dies between the commit and telling the log. */
  private record DiesAfterCommit(FlushLog inner) implements FlushLog {
    @Override
    public boolean ready() {
      return inner.ready();
    }

    @Override
    public void beforeFlush() {
      inner.beforeFlush();
    }

    @Override
    public Map<String, String> beforeCommit(List<Drained> drained) {
      return inner.beforeCommit(drained);
    }

    @Override
    public void afterCommit(Map<String, String> summary) {}
  }
}
