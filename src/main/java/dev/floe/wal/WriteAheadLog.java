package dev.floe.wal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * An append-only log in segment files named by their first position. Each record is a header (the
 * payload's length, a CRC32C of position and payload, the position) and the payload; positions
 * count up from 1 without gaps.
 *
 * <p>Appends wait in memory; {@link #awaitDurable} writes them and forces them to disk with group
 * commit: one thread writes every waiting record in one call and forces while the others wait, and
 * a force covers every record written before it started, so concurrent requests share one {@code
 * write} and one {@code fsync}. With {@link Ack#WRITE} a request waits for the write only (a
 * process crash loses nothing, a power loss may).
 *
 * <p>On open the log is read back: a record that is cut short or fails its CRC at the end of the
 * last segment was never acknowledged (its force never finished), so the file is truncated there.
 */
public final class WriteAheadLog implements Closeable {
  private static final Logger LOG = Logger.getLogger(WriteAheadLog.class.getName());
  static final int HEADER = 16;

  /** Largest record read back; a longer length field is taken for a torn write. */
  public static final int MAX_RECORD_BYTES = 512 * 1024 * 1024;

  private static final String SUFFIX = ".wal";

  /** When a request is acknowledged: after its record is on disk, or once it is written. */
  public enum Ack {
    FSYNC,
    WRITE
  }

  /** Tuning of a log. */
  public record Options(long segmentBytes, long maxBytes, Ack ack, long syncWaitMicros) {}

  private final Path dir;
  private final Options options;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final String nodeId;
  private final LogIdentity identity;
  private final List<Segment> segments = new ArrayList<>();
  private final List<Opened> opened = new ArrayList<>(); // the segments as read on open

  /** A segment as found on open: its readable bytes hold the records to replay. */
  private record Opened(long first, FileChannel channel, long valid) {}

  private long nextPosition;
  private long totalBytes;
  private volatile long writtenPosition;
  private long durablePosition;
  private boolean syncing;
  private final Object syncMonitor = new Object();
  private static final int PENDING_KEEP = 1 << 20;
  private ByteBuffer pending = ByteBuffer.allocate(64 * 1024); // appended, not yet written
  // the write or force that failed, after which nothing is taken; volatile so that readers on the
  // request path (readiness, admission) do not queue on the log's lock behind a write
  private volatile Exception broken;
  private long breaks;
  private long lostRecords; // set on open, from segments found corrupt
  private final List<String> damaged = new ArrayList<>();
  // position ranges refused by a failure, replaced (never changed) under the lock: every durable
  // wait checks it, and it is almost always empty, so the check takes no lock
  private volatile long[][] voided = new long[0][];

  private static final class Segment {
    final long first;
    final Path path;
    final FileChannel channel;
    long bytes;
    long written; // bytes handed to the OS
    long durable; // bytes forced to disk
    long last; // last position written, first - 1 while empty

    Segment(long first, Path path, FileChannel channel, long bytes, long last) {
      this.first = first;
      this.path = path;
      this.channel = channel;
      this.bytes = bytes;
      this.written = bytes;
      this.durable = bytes;
      this.last = last;
    }
  }

  /** Opens segment files; tests pass one that fails on demand, as a full or failing disk does. */
  public interface SegmentFiles {
    FileChannel open(Path path, java.nio.file.OpenOption... options) throws IOException;
  }

  private final SegmentFiles opener;

  private WriteAheadLog(Path dir, Options options, String configuredNodeId, SegmentFiles files)
      throws IOException {
    this.dir = dir;
    this.options = options;
    this.opener = files;
    Files.createDirectories(dir);
    this.lockChannel =
        FileChannel.open(
            dir.resolve("wal.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock held;
    try {
      held = lockChannel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      held = null; // this JVM holds it already
    }
    this.lock = held;
    if (lock == null) {
      lockChannel.close();
      throw new IOException("the write-ahead log " + dir + " is in use by another process");
    }
    this.nodeId = nodeId(dir, configuredNodeId);
    boolean checkpointed = Files.exists(dir.resolve("committed"));
    recover();
    this.identity = LogIdentity.load(dir, checkpointed || nextPosition > 1);
    this.writtenPosition = nextPosition - 1;
    this.durablePosition = nextPosition - 1;
  }

  /** Opens (or creates) the log in {@code dir} and reads back every record it holds. */
  public static WriteAheadLog open(Path dir, Options options, String nodeId) throws IOException {
    return new WriteAheadLog(dir, options, nodeId, FileChannel::open);
  }

  /** As {@link #open(Path, Options, String)}, with segment files opened through {@code files}. */
  public static WriteAheadLog open(Path dir, Options options, String nodeId, SegmentFiles files)
      throws IOException {
    return new WriteAheadLog(dir, options, nodeId, files);
  }

  /** This node's id: the configured one, else one made up once and kept in the log's folder. */
  public String nodeId() {
    return nodeId;
  }

  /** Which log this is, so a table's positions are applied only to the log that wrote them. */
  public LogIdentity identity() {
    return identity;
  }

  /** The records found on open, in order; replay them, then forget them. */
  public List<WalRecord> recovered() {
    List<WalRecord> all = new ArrayList<>();
    try {
      replay(all::add);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return all;
  }

  /**
   * Hands each record found on open to {@code sink}, in order, reading the segments again: one
   * record is in memory at a time, so replay needs no more heap than the events it buffers.
   */
  public void replay(java.util.function.Consumer<WalRecord> sink) throws IOException {
    for (Opened o : opened) {
      if (o.channel().isOpen()) { // closed: deleted after a commit since
        read(o.channel(), o.first(), o.valid(), sink);
      }
    }
  }

  /** Position the next append gets. */
  public synchronized long nextPosition() {
    return nextPosition;
  }

  public synchronized long bytes() {
    return totalBytes;
  }

  private volatile java.util.function.LongConsumer forceListener = n -> {};

  /** Tells {@code listener} how long each force took, in nanoseconds. */
  public void onForce(java.util.function.LongConsumer listener) {
    forceListener = listener;
  }

  /**
   * Appends a record and returns its position; it is durable once {@link #awaitDurable} says so.
   * The record waits in memory until the next write, which hands every waiting record to the OS in
   * one call: concurrent requests share the write as they share the force.
   */
  public synchronized long append(byte[] payload) throws IOException {
    failIfBroken();
    long size = HEADER + payload.length;
    if (totalBytes + size > options.maxBytes()) {
      throw new WalFullException(
          "the write-ahead log holds "
              + totalBytes
              + " of its "
              + options.maxBytes()
              + " bytes (FLOE_WAL_MAX_BYTES)");
    }
    Segment active = segments.get(segments.size() - 1);
    if (active.bytes > 0 && active.bytes + size > options.segmentBytes()) {
      active = roll();
    }
    long position = nextPosition;
    ByteBuffer buf = pendingRoom((int) size);
    buf.putInt(payload.length).putInt(crc(position, payload)).putLong(position).put(payload);
    active.bytes += size;
    active.last = position;
    totalBytes += size;
    nextPosition = position + 1;
    return position;
  }

  private ByteBuffer pendingRoom(int size) {
    if (pending.remaining() < size) {
      ByteBuffer bigger =
          ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + size));
      pending.flip();
      bigger.put(pending);
      pending = bigger;
    }
    return pending;
  }

  /** Hands the records waiting in memory to the OS, in one write. Caller holds the lock. */
  private void writePending() throws IOException {
    failIfBroken();
    if (pending.position() == 0) {
      return;
    }
    pending.flip();
    Segment active = segments.get(segments.size() - 1);
    try {
      while (pending.hasRemaining()) {
        active.channel.write(pending);
      }
      active.written = active.bytes;
    } catch (IOException | RuntimeException e) {
      breakOn(e);
      throw e;
    } finally {
      pending.clear();
      if (pending.capacity() > PENDING_KEEP) {
        pending = ByteBuffer.allocate(PENDING_KEEP); // a burst of large records passed
      }
    }
    writtenPosition = nextPosition - 1;
  }

  /**
   * A write or force that failed leaves the file in a state no one can vouch for (a torn record
   * followed by later ones would cut those off on replay), so the log refuses everything after it.
   */
  private void failIfBroken() throws IOException {
    if (broken != null) {
      throw new IOException("the write-ahead log failed earlier and takes no more records", broken);
    }
  }

  private void breakOn(Exception e) {
    if (broken == null) {
      breaks++;
    }
    broken = e;
  }

  /** Why the log takes no records, or null while it does. */
  public String brokenReason() {
    Exception b = broken;
    return b == null ? null : "the write-ahead log failed to write or force: " + b;
  }

  /** How many times a write or force failed and the log stopped taking records. */
  public synchronized long breaks() {
    return breaks;
  }

  /**
   * After a failed write or force: cuts the segment back to what was acknowledged, forces it, and
   * starts a fresh segment, so the log takes records again. The records after the acknowledged ones
   * were refused (their requests got an error) and are void: their positions are never used again,
   * and the returned position is the first of them, for the caller to drop their events from memory
   * before anything is committed. Returns 0 when the log was not broken; throws when the disk still
   * fails (the log stays broken).
   */
  public long heal() throws IOException {
    synchronized (syncMonitor) {
      while (syncing) { // a force under way may still make records durable: wait for its outcome
        try {
          syncMonitor.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted waiting to repair the log", e);
        }
      }
      syncing = true;
    }
    try {
      synchronized (this) {
        return healNow();
      }
    } finally {
      synchronized (syncMonitor) {
        syncing = false;
        syncMonitor.notifyAll();
      }
    }
  }

  private long healNow() throws IOException {
    if (broken == null) {
      return 0;
    }
    Segment active = segments.get(segments.size() - 1);
    long acked = cutToAcknowledged();
    long keep = active.channel.size();
    long firstVoid = acked + 1;
    totalBytes -= active.bytes - keep;
    active.bytes = keep;
    active.written = keep;
    active.durable = keep;
    active.last = Math.min(active.last, acked);
    pending.clear();
    Segment fresh = create(nextPosition);
    segments.add(fresh);
    if (nextPosition > firstVoid) {
      long[][] more = Arrays.copyOf(voided, voided.length + 1);
      more[voided.length] = new long[] {firstVoid, nextPosition - 1};
      voided = more;
    }
    writtenPosition = nextPosition - 1;
    LOG.warning(
        "Write-ahead log works again after a failed write or force ("
            + broken
            + "); "
            + (nextPosition - firstVoid)
            + " refused records are void; new segment "
            + fresh.path.getFileName());
    broken = null;
    return firstVoid;
  }

  /**
   * Cuts the segment being written back to its acknowledged records (forced ones; with {@link
   * Ack#WRITE} written ones), so a restart cannot replay a record whose request was refused;
   * returns the last acknowledged position. Only the thread that holds the force role calls this,
   * so no force in flight can acknowledge what is cut. Caller holds the lock.
   */
  private long cutToAcknowledged() throws IOException {
    Segment active = segments.get(segments.size() - 1);
    long acked;
    long keep;
    if (options.ack() == Ack.FSYNC) {
      synchronized (syncMonitor) {
        acked = durablePosition;
      }
      keep = active.durable;
    } else {
      acked = writtenPosition;
      keep = active.written;
    }
    if (active.channel.size() > keep) {
      active.channel.truncate(keep);
    }
    active.channel.force(true);
    return acked;
  }

  /** A record the log voided after a failure was never acknowledged: its wait fails. */
  private void failIfVoid(long position) throws IOException {
    for (long[] v : voided) {
      if (position >= v[0] && position <= v[1]) {
        throw new IOException("the write-ahead log record " + position + " was lost to a failure");
      }
    }
  }

  /** Makes sure the record at {@code position} has been handed to the OS. */
  private void written(long position) throws IOException {
    if (writtenPosition >= position) {
      return;
    }
    synchronized (this) {
      if (writtenPosition < position) {
        writePending();
      }
    }
  }

  /** Waits, per the ack mode, until the record at {@code position} is on disk. */
  public void awaitDurable(long position) throws IOException {
    if (options.ack() == Ack.FSYNC) {
      force(position);
    } else {
      written(position);
    }
    failIfVoid(position);
  }

  /** Forces every record up to {@code position} to disk, whatever the ack mode. */
  public void force(long position) throws IOException {
    synchronized (syncMonitor) {
      while (durablePosition < position && syncing) {
        try {
          syncMonitor.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted waiting for the log to reach disk", e);
        }
      }
      if (durablePosition >= position) {
        return;
      }
      syncing = true;
    }
    long target = -1;
    try {
      if (options.syncWaitMicros() > 0) {
        LockSupport.parkNanos(options.syncWaitMicros() * 1000); // let more writers join
      }
      Segment active;
      long covered;
      synchronized (this) {
        writePending();
        target = writtenPosition;
        active = segments.get(segments.size() - 1);
        covered = active.written;
      }
      long t0 = System.nanoTime();
      try {
        active.channel.force(false); // earlier segments were forced when they were closed off
      } catch (IOException | RuntimeException e) {
        synchronized (this) {
          breakOn(e); // after a failed fsync the page cache may have dropped the data
        }
        throw e;
      }
      synchronized (this) {
        active.durable = Math.max(active.durable, covered);
      }
      forceListener.accept(System.nanoTime() - t0);
    } catch (IOException | RuntimeException e) {
      target = -1;
      synchronized (this) {
        try {
          if (broken != null)
            cutToAcknowledged(); // at once: a crash before the repair must not replay refused
          // records
        } catch (IOException | RuntimeException again) {
          e.addSuppressed(again); // the repair cuts it again, or the log stays broken
        }
      }
      throw e;
    } finally {
      synchronized (syncMonitor) {
        syncing = false;
        if (target > durablePosition) {
          durablePosition = target;
        }
        syncMonitor.notifyAll();
      }
    }
  }

  /**
   * Deletes every segment whose records are all at or below {@code position} (committed to the
   * table) and that was last written more than {@code retainMillis} ago (kept for retry dedup).
   * When the segment being written is all committed, a fresh one is started first.
   */
  public synchronized void deleteThrough(long position, long retainMillis) throws IOException {
    Segment active = segments.get(segments.size() - 1);
    if (active.bytes > 0 && active.last <= position) {
      roll();
    }
    long writtenBefore = System.currentTimeMillis() - retainMillis;
    while (segments.size() > 1
        && segments.get(0).last <= position
        && (retainMillis <= 0
            || Files.getLastModifiedTime(segments.get(0).path).toMillis() < writtenBefore)) {
      Segment s = segments.remove(0);
      s.channel.close();
      Files.deleteIfExists(s.path);
      totalBytes -= s.bytes;
    }
  }

  /**
   * Notes, after a commit, that every record up to {@code position} is in the table. Advisory:
   * replay skips those records' buffering; the table stays the authority for what is committed.
   */
  public void checkpoint(long position) throws IOException {
    Path temp = dir.resolve("committed.tmp");
    Files.writeString(temp, Long.toString(position), StandardCharsets.UTF_8);
    Files.move(
        temp,
        dir.resolve("committed"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The last {@link #checkpoint}, or 0. */
  public long checkpointed() {
    try {
      return Long.parseLong(
          Files.readString(dir.resolve("committed"), StandardCharsets.UTF_8).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private Segment roll() throws IOException {
    writePending(); // what waits belongs to the segment being closed off
    Segment old = segments.get(segments.size() - 1);
    try {
      old.channel.force(false);
    } catch (IOException | RuntimeException e) {
      breakOn(e);
      throw e;
    }
    old.durable = old.written;
    synchronized (syncMonitor) {
      // a closed-off segment is on disk: what a failure later voids is only in the fresh one
      durablePosition = Math.max(durablePosition, old.last);
    }
    Segment fresh = create(nextPosition);
    segments.add(fresh);
    return fresh;
  }

  private Segment create(long first) throws IOException {
    Path path = dir.resolve(String.format("%020d%s", first, SUFFIX));
    FileChannel ch =
        opener.open(
            path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    forceDirectory();
    return new Segment(first, path, ch, 0, first - 1);
  }

  private void forceDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // some file systems cannot open a folder; the segment file itself is forced on writes
    }
  }

  private void recover() throws IOException {
    List<Path> files;
    try (Stream<Path> all = Files.list(dir)) {
      files = all.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
    long[] lastRead = {0}; // highest position read so far, 0 before any
    nextPosition = 1;
    long damagedAfter = -1; // last good position of a segment found corrupt, until the next one
    for (int i = 0; i < files.size(); i++) {
      Path path = files.get(i);
      boolean last = i == files.size() - 1;
      long first = Long.parseLong(path.getFileName().toString().replace(SUFFIX, ""));
      if (damagedAfter >= 0) {
        lostRecords += Math.max(0, first - damagedAfter - 1); // the unreadable rest of that one
        damagedAfter = -1;
      }
      if (lastRead[0] == 0 && first > nextPosition) {
        nextPosition = first; // earlier segments were deleted after their commit
      }
      FileChannel ch = opener.open(path, StandardOpenOption.WRITE, StandardOpenOption.READ);
      long size = ch.size();
      long valid = read(ch, first, size, r -> lastRead[0] = r.position());
      if (valid < size) {
        if (last) {
          LOG.warning(
              "Write-ahead log "
                  + path.getFileName()
                  + ": dropped a torn or corrupt record at its end ("
                  + (size - valid)
                  + " bytes, never acknowledged)");
          ch.truncate(valid);
          ch.force(true);
        } else {
          Path aside = keepAside(path);
          LOG.severe(
              "Write-ahead log "
                  + path.getFileName()
                  + ": corrupt record at byte "
                  + valid
                  + "; the acknowledged records after it are lost; the damaged segment is kept as "
                  + aside.getFileName());
          ch.truncate(valid); // the good records stay in place, the log reads on past the damage
          ch.force(true);
          damagedAfter = Math.max(first - 1, lastRead[0]);
        }
      }
      ch.position(valid);
      long lastPos = Math.max(first - 1, lastRead[0]);
      segments.add(new Segment(first, path, ch, valid, lastPos));
      opened.add(new Opened(first, ch, valid));
      totalBytes += valid;
      nextPosition = Math.max(nextPosition, lastPos + 1);
    }
    if (segments.isEmpty()) {
      segments.add(create(nextPosition));
    }
  }

  /** Copies a damaged segment aside, as {@code <name>.damaged}, for a person to inspect. */
  private Path keepAside(Path path) throws IOException {
    Path aside = path.resolveSibling(path.getFileName() + ".damaged");
    Files.copy(path, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    damaged.add(aside.getFileName().toString());
    return aside;
  }

  /** Acknowledged records found unreadable on open, in segments that were not the last. */
  public long lostRecords() {
    return lostRecords;
  }

  /**
   * What a corrupt segment cost on open (records lost, segments kept aside), or null when the log
   * read back whole.
   */
  public String damage() {
    return damaged.isEmpty()
        ? null
        : lostRecords
            + " acknowledged records were unreadable on start; damaged segments kept as "
            + String.join(", ", damaged);
  }

  /** Reads records from the start of a segment; returns the offset after the last good one. */
  private static long read(
      FileChannel ch, long first, long size, java.util.function.Consumer<WalRecord> out)
      throws IOException {
    long offset = 0;
    long expected = first;
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    while (offset + HEADER <= size) {
      header.clear();
      ch.read(header, offset);
      header.flip();
      int length = header.getInt();
      int crc = header.getInt();
      long position = header.getLong();
      if (length < 0 || length > MAX_RECORD_BYTES || offset + HEADER + length > size) {
        break;
      }
      ByteBuffer payload = ByteBuffer.allocate(length);
      while (payload.hasRemaining() && ch.read(payload, offset + HEADER + payload.position()) > 0) {
        // read on
      }
      if (position != expected || crc(position, payload.array()) != crc) {
        break;
      }
      out.accept(new WalRecord(position, payload.array()));
      offset += HEADER + length;
      expected++;
    }
    return offset;
  }

  static int crc(long position, byte[] payload) {
    CRC32C c = new CRC32C();
    c.update(ByteBuffer.allocate(8).putLong(0, position));
    c.update(payload);
    return (int) c.getValue();
  }

  private static String nodeId(Path dir, String configured) throws IOException {
    if (configured != null && !configured.isEmpty()) {
      return configured;
    }
    Path file = dir.resolve("node-id");
    if (Files.exists(file)) {
      String id = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!id.isEmpty()) {
        return id;
      }
    }
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Path temp = dir.resolve("node-id.tmp");
    try (FileChannel ch =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(id.getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return id;
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      writePending();
      for (Segment s : segments) {
        s.channel.force(false);
        s.channel.close();
      }
    } finally {
      lock.release();
      lockChannel.close();
    }
  }
}
