package dev.floe.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.wal.FaultyDisk.Fault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log whose disk fails a write or a force: it refuses records and says why while the disk fails,
 * works again once it has room, and never hands back, then or after a restart, a record it refused.
 */
class WalFailureTest {
  @TempDir Path dir;
  private final FaultyDisk disk = new FaultyDisk();

  private WriteAheadLog open(WriteAheadLog.Ack ack) throws IOException {
    return WriteAheadLog.open(
        dir, new WriteAheadLog.Options(1 << 20, 1 << 30, ack, 0), "node-a", disk);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private WriteAheadLog reopen() throws IOException {
    return WriteAheadLog.open(
        dir, new WriteAheadLog.Options(1 << 20, 1 << 30, WriteAheadLog.Ack.FSYNC, 0), "node-a");
  }

  @Test
  void corruptionInAnOlderSegmentIsCountedAndTheSegmentKeptAside() throws Exception {
    WriteAheadLog.Options small =
        new WriteAheadLog.Options(90, 1 << 30, WriteAheadLog.Ack.FSYNC, 0); // 3 records of 25 bytes
    try (WriteAheadLog log = WriteAheadLog.open(dir, small, "node-a")) {
      for (int i = 1; i <= 6; i++) {
        log.awaitDurable(log.append(b("record-" + i + "!")));
      }
    }
    Path first = dir.resolve(String.format("%020d.wal", 1));
    byte[] bytes = java.nio.file.Files.readAllBytes(first);
    bytes[25 + WriteAheadLog.HEADER + 2] ^= 0x55; // inside record 2's payload
    java.nio.file.Files.write(first, bytes);

    try (WriteAheadLog log = WriteAheadLog.open(dir, small, "node-a")) {
      assertThat(log.recovered())
          .extracting(WalRecord::position)
          .as("what the damage did not reach")
          .containsExactly(1L, 4L, 5L, 6L);
      assertThat(log.lostRecords()).as("records 2 and 3").isEqualTo(2);
      assertThat(log.damage()).contains("2 acknowledged records").contains(".wal.damaged");
      assertThat(dir.resolve(first.getFileName() + ".damaged")).hasBinaryContent(bytes);
    }
    try (WriteAheadLog log = WriteAheadLog.open(dir, small, "node-a")) {
      assertThat(log.recovered()).extracting(WalRecord::position).containsExactly(1L, 4L, 5L, 6L);
    }
  }

  @Test
  void aFullDiskBreaksTheLogUntilItHasRoomAgain() throws Exception {
    try (WriteAheadLog log = open(WriteAheadLog.Ack.FSYNC)) {
      log.awaitDurable(log.append(b("kept")));
      disk.fail(Fault.FULL);
      long refused = log.append(b("refused"));
      assertThatThrownBy(() -> log.awaitDurable(refused)).isInstanceOf(IOException.class);
      assertThat(log.brokenReason()).contains("No space left on device");
      assertThat(log.breaks()).isEqualTo(1);
      assertThatThrownBy(() -> log.append(b("while broken"))).isInstanceOf(IOException.class);
      assertThatThrownBy(log::heal).as("the disk is still full").isInstanceOf(IOException.class);

      disk.fail(Fault.NONE);
      assertThat(log.heal()).as("the first void position").isEqualTo(refused);
      assertThat(log.brokenReason()).isNull();
      long after = log.append(b("after"));
      log.awaitDurable(after);
      assertThat(after).isGreaterThan(refused);
      assertThatThrownBy(() -> log.awaitDurable(refused))
          .as("a voided record is never reported durable")
          .isInstanceOf(IOException.class);
    }
    try (WriteAheadLog log = reopen()) {
      assertThat(log.recovered())
          .extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
          .containsExactly("kept", "after");
    }
  }

  @Test
  void aFailedFsyncCutsTheRefusedRecordSoACrashCannotReplayIt() throws Exception {
    WriteAheadLog log = open(WriteAheadLog.Ack.FSYNC);
    log.awaitDurable(log.append(b("kept")));
    disk.fail(Fault.FSYNC); // the write reaches the page cache, the force fails
    long refused = log.append(b("refused"));
    assertThatThrownBy(() -> log.awaitDurable(refused)).isInstanceOf(IOException.class);
    assertThatThrownBy(log::close).isInstanceOf(IOException.class); // the process dies here
    try (WriteAheadLog again = reopen()) {
      assertThat(again.recovered())
          .extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
          .containsExactly("kept");
    }
  }

  @Test
  void withAckWriteTheWrittenRecordsAreKeptThroughAFailedForce() throws Exception {
    try (WriteAheadLog log = open(WriteAheadLog.Ack.WRITE)) {
      long acked = log.append(b("acked"));
      log.awaitDurable(acked); // written: acknowledged in this mode
      disk.fail(Fault.FSYNC);
      assertThatThrownBy(() -> log.force(acked)).isInstanceOf(IOException.class);
      disk.fail(Fault.NONE);
      assertThat(log.heal()).as("nothing acknowledged is void").isEqualTo(acked + 1);
      log.force(log.append(b("next")));
    }
    try (WriteAheadLog log = reopen()) {
      assertThat(log.recovered())
          .extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
          .containsExactly("acked", "next");
    }
  }
}
