package dev.floe.buffer;

import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import dev.floe.metrics.TypeFigures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The events of one partition. A slot is reserved before an event is appended and released only
 * when its commit landed; the {@link Reservation} of the buffered events goes with them into a
 * flush. The cap counts the events waiting here, not those a flush took: a flush that fails gives
 * them back, and then they count again. Guarded by its own monitor: contention is per partition,
 * never global.
 */
final class PartitionBuffer {
  final String table; // namespace.name of the table the events go to
  final PartitionKey key;
  private final Budget budget;
  private List<EventRecord> events = new ArrayList<>();
  private Reservation held; // the room of the buffered events
  // log positions of the buffered events, in runs: runPos[i] holds events up to runEnd[i]
  private long[] runPos = new long[4];
  private int[] runEnd = new int[4];
  private int runs;
  private long oldestMillis;
  private long lastTouchedMillis;
  private int reserved;
  private int inFlight; // reserved slots whose events a flush took
  private boolean retired;

  PartitionBuffer(PartitionKey key, Budget budget, long nowMillis) {
    this("", key, budget, nowMillis);
  }

  PartitionBuffer(String table, PartitionKey key, Budget budget, long nowMillis) {
    this.table = table;
    this.key = key;
    this.budget = budget;
    this.held = new Reservation(this, budget, 0, 0);
    this.lastTouchedMillis = nowMillis;
  }

  /** Reserves {@code n} slots; false if the cap would be passed or the buffer was retired. */
  synchronized boolean tryReserve(int n, int cap) {
    return tryReserve(n, cap, 0, -1);
  }

  /**
   * Reserves {@code n} slots of {@code bytes} when the events waiting here stay within {@code cap},
   * or, past it, while their bytes stay within {@code maxBytes} (-1: no such allowance); false
   * otherwise, when one request alone is over the cap, or when the buffer was retired.
   */
  synchronized boolean tryReserve(int n, int cap, long bytes, long maxBytes) {
    if (retired || n > cap) {
      return false;
    }
    int waiting = reserved - inFlight;
    if (waiting + n > cap && (maxBytes < 0 || held.bytes() + bytes > maxBytes)) {
      return false;
    }
    reserved += n;
    return true;
  }

  synchronized boolean isRetired() {
    return retired;
  }

  /**
   * Gives back slots, of events a flush took when {@code flying}; only a {@link Reservation} calls
   * this.
   */
  synchronized void release(int n, boolean flying) {
    reserved -= n;
    if (flying) {
      inFlight -= n;
    }
  }

  /**
   * Appends events of the log record at {@code position} (0: not logged), with the room reserved
   * for them. Positions only grow within a buffer: records are appended in log order.
   */
  synchronized void append(
      List<EventRecord> batch, long nowMillis, long position, Reservation room) {
    held.absorb(room);
    if (events.isEmpty()) {
      oldestMillis = nowMillis;
    }
    events.addAll(batch);
    if (runs > 0 && runPos[runs - 1] == position) {
      runEnd[runs - 1] = events.size();
    } else {
      if (runs == runPos.length) {
        runPos = Arrays.copyOf(runPos, runs * 2);
        runEnd = Arrays.copyOf(runEnd, runs * 2);
      }
      runPos[runs] = position;
      runEnd[runs++] = events.size();
    }
    lastTouchedMillis = nowMillis;
  }

  /** Takes every buffered event, and their room; the buffer starts afresh. */
  synchronized Drained drain() {
    Drained d =
        new Drained(
            this,
            events,
            oldestMillis,
            Arrays.copyOf(runPos, runs),
            Arrays.copyOf(runEnd, runs),
            held);
    inFlight += held.slots();
    held.fly();
    events = new ArrayList<>();
    runs = 0;
    held = new Reservation(this, budget, 0, 0);
    return d;
  }

  /** Puts back the events of a failed flush ahead of newer ones, keeping their original age. */
  synchronized void restore(Drained d) {
    inFlight -= d.room().slots();
    d.room().land();
    held.absorb(d.room());
    List<EventRecord> all = new ArrayList<>(d.events().size() + events.size());
    all.addAll(d.events());
    all.addAll(events);
    oldestMillis = events.isEmpty() ? d.oldestMillis() : Math.min(oldestMillis, d.oldestMillis());
    int n = d.runPos().length;
    long[] pos = new long[Math.max(4, n + runs)];
    int[] end = new int[pos.length];
    System.arraycopy(d.runPos(), 0, pos, 0, n);
    System.arraycopy(d.runEnd(), 0, end, 0, n);
    for (int i = 0; i < runs; i++) {
      pos[n + i] = runPos[i];
      end[n + i] = runEnd[i] + d.events().size();
    }
    runPos = pos;
    runEnd = end;
    runs = n + runs;
    events = all;
  }

  /** Log position of the oldest buffered event, or {@code Long.MAX_VALUE} when empty. */
  synchronized long firstPosition() {
    return runs == 0 ? Long.MAX_VALUE : runPos[0];
  }

  /**
   * Drops the oldest events while their log positions satisfy {@code committed} (found in the table
   * after a restart); returns their room, for the caller to release.
   */
  synchronized Reservation dropWhile(java.util.function.LongPredicate committed) {
    int k = 0;
    while (k < runs && committed.test(runPos[k])) {
      k++;
    }
    if (k == 0) {
      return new Reservation(this, budget, 0, 0);
    }
    int cut = runEnd[k - 1];
    Reservation dropped = held.split(cut, Budget.bytesOf(events.subList(0, cut)));
    events = new ArrayList<>(events.subList(cut, events.size()));
    System.arraycopy(runPos, k, runPos, 0, runs - k);
    System.arraycopy(runEnd, k, runEnd, 0, runs - k);
    runs -= k;
    for (int i = 0; i < runs; i++) {
      runEnd[i] -= cut;
    }
    return dropped;
  }

  /**
   * Drops the newest events, those logged at {@code first} or later (records a log failure voided);
   * returns their room, for the caller to release.
   */
  synchronized Reservation dropFrom(long first) {
    int k = runs;
    while (k > 0 && runPos[k - 1] >= first) {
      k--;
    }
    int cut = k == 0 ? 0 : runEnd[k - 1];
    List<EventRecord> gone = events.subList(cut, events.size());
    Reservation dropped = held.split(gone.size(), Budget.bytesOf(gone));
    events = new ArrayList<>(events.subList(0, cut));
    runs = k;
    return dropped;
  }

  /**
   * Events taken from a buffer by a flush, with the age and the log positions they had, and their
   * room: released once their commit landed, or handed back with them by {@link #restore}.
   */
  record Drained(
      PartitionBuffer from,
      List<EventRecord> events,
      long oldestMillis,
      long[] runPos,
      int[] runEnd,
      Reservation room) {

    /** Lowest log position among the events, 0 when none was logged. */
    long firstPosition() {
      return runPos.length == 0 ? 0 : runPos[0];
    }

    /** Highest log position among the events, 0 when none was logged. */
    long lastPosition() {
      return runPos.length == 0 ? 0 : runPos[runPos.length - 1];
    }
  }

  /** Events waiting here and the heap they take, as budgeted. */
  synchronized TypeFigures.Figures figures() {
    return new TypeFigures.Figures(events.size(), Budget.bytesOf(events));
  }

  synchronized int size() {
    return events.size();
  }

  /** A copy of the buffered events, oldest first, for a query that reads its own writes. */
  synchronized List<EventRecord> copy() {
    return new ArrayList<>(events);
  }

  synchronized int reserved() {
    return reserved;
  }

  /** Age of the oldest buffered event, or 0 when empty. */
  synchronized long oldestAgeMillis(long nowMillis) {
    return events.isEmpty() ? 0 : nowMillis - oldestMillis;
  }

  synchronized long oldestMillis() {
    return events.isEmpty() ? Long.MAX_VALUE : oldestMillis;
  }

  /** Retires an idle, empty buffer so it can leave the map; false if it is still in use. */
  synchronized boolean retireIfIdle(long nowMillis, long idleMillis) {
    if (reserved == 0 && events.isEmpty() && nowMillis - lastTouchedMillis >= idleMillis) {
      retired = true;
    }
    return retired;
  }
}
