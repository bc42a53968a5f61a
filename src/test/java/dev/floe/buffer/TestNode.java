package dev.floe.buffer;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.event.EventRecord;
import dev.floe.lake.FlushSink;
import dev.floe.lake.TableCommitter;
import dev.floe.lake.TableSink;
import dev.floe.wal.FaultyDisk;
import dev.floe.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Buffers, log, intake and flusher as BufferEngine wires them, minus its threads and timer: the
 * node that crash and recovery tests stop and start again. Its node id is always {@code node-a}.
 */
final class TestNode implements AutoCloseable {
  private static final WriteAheadLog.Options OPTIONS =
      new WriteAheadLog.Options(1 << 20, 1 << 30, WriteAheadLog.Ack.FSYNC, 0);

  final WriteAheadLog wal;
  final Partitions partitions = new Partitions(new Budget(Long.MAX_VALUE / 4), 1000, t -> {});
  final TableCommitter committer; // null when the node writes to another sink
  final FlushSink sink;
  final WalFlushLog log;
  final Intake intake;
  final int replayed;
  Flusher flusher;

  TestNode(Path walDir, CatalogStrategy catalog) throws IOException {
    this(WriteAheadLog.open(walDir, OPTIONS, "node-a"), catalog);
  }

  /** A node whose log writes through {@code disk}, which a test can make fail. */
  TestNode(Path walDir, CatalogStrategy catalog, FaultyDisk disk) throws IOException {
    this(WriteAheadLog.open(walDir, OPTIONS, "node-a", disk), catalog);
  }

  /** A node that flushes to {@code sink} (plain objects, say). */
  TestNode(Path walDir, FlushSink sink) throws IOException {
    this(WriteAheadLog.open(walDir, OPTIONS, "node-a"), null, sink);
  }

  private TestNode(WriteAheadLog wal, CatalogStrategy catalog) throws IOException {
    this(wal, new TableCommitter(catalog), null);
  }

  private TestNode(WriteAheadLog wal, TableCommitter committer, FlushSink sink) throws IOException {
    this.wal = wal;
    this.committer = committer;
    this.sink = committer != null ? new TableSink(committer) : sink;
    log = new WalFlushLog(wal, partitions, this.sink, 0, first -> {});
    replayed = log.replay((events, position) -> {});
    flusher = new Flusher(this.sink, 100, log, CommitObserver.NONE);
    intake = new Intake(partitions, wal, null, 1000, () -> {}, () -> 1, () -> false);
  }

  void accept(EventRecord... events) throws BufferRefusedException {
    intake.accept(List.of(events));
  }

  void flush(String type) {
    flusher.flush(partitions.select(k -> type == null || k.type().equals(type)));
  }

  int buffered() {
    return partitions.all().stream().mapToInt(PartitionBuffer::size).sum();
  }

  /** The process dies: nothing more reaches the log, its lock goes with the process. */
  @Override
  public void close() throws IOException {
    wal.close();
  }
}
