package dev.floe.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {
  @TempDir Path dir;

  private WriteAheadLog open(long segmentBytes, long maxBytes) throws IOException {
    return WriteAheadLog.open(
        dir, new WriteAheadLog.Options(segmentBytes, maxBytes, WriteAheadLog.Ack.FSYNC, 0), "");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> texts(List<WalRecord> records) {
    return records.stream()
        .map(r -> r.position() + ":" + new String(r.payload(), StandardCharsets.UTF_8))
        .toList();
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
    }
  }

  @Test
  void recordsComeBackInOrderWithTheirPositions() throws IOException {
    try (WriteAheadLog log = open(1 << 20, 1 << 30)) {
      assertThat(log.append(bytes("a"))).isEqualTo(1);
      assertThat(log.append(bytes("b"))).isEqualTo(2);
      log.awaitDurable(2);
    }
    try (WriteAheadLog log = open(1 << 20, 1 << 30)) {
      assertThat(texts(log.recovered())).containsExactly("1:a", "2:b");
      assertThat(log.append(bytes("c"))).isEqualTo(3);
    }
  }

  @Test
  void waitingRecordsShareOneWrite() throws IOException {
    try (WriteAheadLog log =
        WriteAheadLog.open(
            dir, new WriteAheadLog.Options(1 << 20, 1 << 30, WriteAheadLog.Ack.WRITE, 0), "")) {
      java.util.concurrent.atomic.LongAdder forces = new java.util.concurrent.atomic.LongAdder();
      log.onForce(nanos -> forces.increment());
      log.append(bytes("a"));
      log.append(bytes("bb"));
      log.append(bytes("ccc"));
      Path segment = segments().get(0);
      assertThat(Files.size(segment)).isZero(); // nothing acknowledged, nothing written yet
      log.awaitDurable(2);
      // one write took every waiting record, the third too
      assertThat(Files.size(segment)).isEqualTo(3 * WriteAheadLog.HEADER + 6);
      assertThat(forces.sum()).as("WRITE acknowledges without a force").isZero();
    }
    try (WriteAheadLog log = open(1 << 20, 1 << 30)) {
      assertThat(texts(log.recovered())).containsExactly("1:a", "2:bb", "3:ccc");
    }
  }

  @Test
  void aBurstOfLargeRecordsGrowsTheWaitingBuffer() throws IOException {
    byte[] big = new byte[300_000];
    try (WriteAheadLog log = open(1 << 22, 1 << 30)) {
      for (int i = 0; i < 5; i++) {
        big[0] = (byte) i;
        log.append(big);
      }
      log.awaitDurable(5);
    }
    try (WriteAheadLog log = open(1 << 22, 1 << 30)) {
      assertThat(log.recovered()).hasSize(5);
      assertThat(log.recovered().get(4).payload()[0]).isEqualTo((byte) 4);
    }
  }

  @Test
  void segmentsRollOverAndPositionsStayContinuous() throws IOException {
    try (WriteAheadLog log = open(100, 1 << 30)) {
      for (int i = 1; i <= 10; i++) {
        log.append(bytes("record-" + i + "-" + "x".repeat(20)));
      }
    }
    assertThat(segments()).hasSizeGreaterThan(3);
    assertThat(segments().get(0).getFileName().toString()).isEqualTo("00000000000000000001.wal");
    try (WriteAheadLog log = open(100, 1 << 30)) {
      assertThat(log.recovered())
          .extracting(WalRecord::position)
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
      assertThat(log.append(bytes("next"))).isEqualTo(11);
    }
  }

  /** Writes the texts to a new log, closes it, and gives its one segment. */
  private Path segmentHolding(String... texts) throws IOException {
    try (WriteAheadLog log = open(1 << 20, 1 << 30)) {
      for (String t : texts) {
        log.append(bytes(t));
      }
    }
    return segments().get(0);
  }

  @Test
  void aTornTailIsTruncatedAndItsPositionReused() throws IOException {
    Path seg = segmentHolding("kept", "torn-record");
    long size = Files.size(seg);
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(size - 3); // the crash came mid-write
    }
    try (WriteAheadLog log = open(1 << 20, 1 << 30)) {
      assertThat(texts(log.recovered())).containsExactly("1:kept");
      assertThat(Files.size(seg)).isEqualTo(WriteAheadLog.HEADER + 4);
      assertThat(log.append(bytes("again"))).isEqualTo(2);
    }
    try (WriteAheadLog log = open(1 << 20, 1 << 30)) {
      assertThat(texts(log.recovered())).containsExactly("1:kept", "2:again");
    }
  }

  @Test
  void aRecordWithABadChecksumEndsTheLog() throws IOException {
    Path seg = segmentHolding("good", "flipped");
    try (FileChannel ch =
        FileChannel.open(seg, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      ch.write(ByteBuffer.wrap(new byte[] {'X'}), ch.size() - 1);
    }
    try (WriteAheadLog log = open(1 << 20, 1 << 30)) {
      assertThat(texts(log.recovered())).containsExactly("1:good");
    }
  }

  @Test
  void committedSegmentsAreDeletedAndPositionsNeverGoBack() throws IOException {
    try (WriteAheadLog log = open(100, 1 << 30)) {
      for (int i = 1; i <= 10; i++) {
        log.append(bytes("record-" + i + "-" + "x".repeat(20)));
      }
      log.deleteThrough(10, 0);
      assertThat(log.bytes()).isZero();
    }
    assertThat(segments()).hasSize(1);
    try (WriteAheadLog log = open(100, 1 << 30)) {
      assertThat(log.recovered()).isEmpty();
      assertThat(log.append(bytes("after"))).isEqualTo(11);
    }
  }

  @Test
  void partOfTheLogStaysWhenOnlyPartIsCommitted() throws IOException {
    try (WriteAheadLog log = open(100, 1 << 30)) {
      for (int i = 1; i <= 10; i++) {
        log.append(bytes("record-" + i + "-" + "x".repeat(20)));
      }
      log.deleteThrough(5, 0);
    }
    try (WriteAheadLog log = open(100, 1 << 30)) {
      assertThat(log.recovered().get(0).position()).isLessThanOrEqualTo(6);
      assertThat(log.recovered().get(log.recovered().size() - 1).position()).isEqualTo(10);
    }
  }

  @Test
  void aFullLogRefusesUntilACommitFreesRoom() throws IOException {
    try (WriteAheadLog log = open(200, 400)) {
      int appended = 0;
      while (true) {
        try {
          log.append(bytes("x".repeat(40)));
          appended++;
        } catch (WalFullException e) {
          assertThat(e.getMessage()).contains("FLOE_WAL_MAX_BYTES");
          break;
        }
      }
      assertThat(appended).isBetween(6, 7);
      log.deleteThrough(appended, 0);
      assertThat(log.append(bytes("room again"))).isEqualTo(appended + 1);
    }
  }

  @Test
  void concurrentWritersShareForces() throws Exception {
    try (WriteAheadLog log = open(1 << 24, 1 << 30)) {
      java.util.concurrent.atomic.LongAdder forces = new java.util.concurrent.atomic.LongAdder();
      log.onForce(nanos -> forces.increment());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    long p;
                    synchronized (log) {
                      p = log.append(bytes("event"));
                    }
                    log.awaitDurable(p);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      assertThat(log.nextPosition()).isEqualTo(1601);
      assertThat(forces.sum())
          .as("forces for 1600 acknowledged appends")
          .isPositive()
          .isLessThan(1600);
    }
  }

  @Test
  void theNodeIdIsMadeOnceAndKept() throws IOException {
    String id;
    try (WriteAheadLog log = open(1 << 20, 1 << 30)) {
      id = log.nodeId();
    }
    assertThat(id).matches("[0-9a-f]{12}");
    try (WriteAheadLog log = open(1 << 20, 1 << 30)) {
      assertThat(log.nodeId()).isEqualTo(id);
    }
  }

  @Test
  void oneProcessAtATime() throws IOException {
    try (WriteAheadLog log = open(1 << 20, 1 << 30)) {
      assertThatThrownBy(() -> open(1 << 20, 1 << 30)).hasMessageContaining("in use");
    }
  }

  @Test
  void aLogKeepsItsIdentityAndANewFolderGetsAnother() throws IOException {
    LogIdentity first;
    try (WriteAheadLog log = open(1 << 20, 1 << 30)) {
      first = log.identity();
      assertThat(first.predatesIds()).as("a new, empty log").isFalse();
      log.append(bytes("a"));
      log.awaitDurable(1);
    }
    try (WriteAheadLog log = open(1 << 20, 1 << 30)) {
      assertThat(log.identity()).isEqualTo(first);
    }
    try (WriteAheadLog other =
        WriteAheadLog.open(
            dir.resolve("other"),
            new WriteAheadLog.Options(1 << 20, 1 << 30, WriteAheadLog.Ack.FSYNC, 0),
            "")) {
      assertThat(other.identity().id()).isNotEqualTo(first.id());
    }
  }

  @Test
  void aLogThatHeldRecordsBeforeLogIdsInheritsTheTablesUnnamedPositions() throws IOException {
    try (WriteAheadLog log = open(1 << 20, 1 << 30)) {
      log.append(bytes("a"));
      log.awaitDurable(1);
    }
    Files.delete(dir.resolve(LogIdentity.FILE)); // as a log written by Floe before log ids
    try (WriteAheadLog log = open(1 << 20, 1 << 30)) {
      assertThat(log.identity().predatesIds()).isTrue();
    }
    try (WriteAheadLog log = open(1 << 20, 1 << 30)) {
      assertThat(log.identity().predatesIds()).as("kept in its folder").isTrue();
    }
  }
}
