package dev.floe.buffer;

import dev.floe.lake.EventRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of one partition. A slot is reserved before an event is appended and released only
 * when its commit landed, so the cap counts events in flight as well as buffered ones. Guarded by
 * its own monitor: contention is per partition, never global.
 */
final class PartitionBuffer {
  final PartitionKey key;
  private List<EventRecord> events = new ArrayList<>();
  private long oldestMillis;
  private long lastTouchedMillis;
  private int reserved;
  private boolean retired;

  PartitionBuffer(PartitionKey key, long nowMillis) {
    this.key = key;
    this.lastTouchedMillis = nowMillis;
  }

  /** Reserves {@code n} slots; false if the cap would be passed or the buffer was retired. */
  synchronized boolean tryReserve(int n, int cap) {
    if (retired || reserved + n > cap) {
      return false;
    }
    reserved += n;
    return true;
  }

  synchronized boolean isRetired() {
    return retired;
  }

  synchronized void release(int n) {
    reserved -= n;
  }

  synchronized void append(List<EventRecord> batch, long nowMillis) {
    if (events.isEmpty()) {
      oldestMillis = nowMillis;
    }
    events.addAll(batch);
    lastTouchedMillis = nowMillis;
  }

  /** Takes every buffered event; the buffer starts afresh. */
  synchronized Drained drain() {
    Drained d = new Drained(this, events, oldestMillis);
    events = new ArrayList<>();
    return d;
  }

  /** Puts back the events of a failed flush ahead of newer ones, keeping their original age. */
  synchronized void restore(Drained d) {
    List<EventRecord> all = new ArrayList<>(d.events().size() + events.size());
    all.addAll(d.events());
    all.addAll(events);
    oldestMillis = events.isEmpty() ? d.oldestMillis() : Math.min(oldestMillis, d.oldestMillis());
    events = all;
  }

  /** Events taken from a buffer by a flush, with the age they had. */
  record Drained(PartitionBuffer from, List<EventRecord> events, long oldestMillis) {}

  synchronized int size() {
    return events.size();
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
