package dev.floe.buffer;

import dev.floe.event.EventRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The room one request holds while it is being accepted: its events by partition, each group with
 * the buffer it goes to and its {@link Reservation}. Appended, each reservation moves into its
 * buffer; refused, all are released. Used by one thread.
 */
final class Admission {
  private final List<PartitionBuffer> buffers;
  private final List<List<EventRecord>> groups;
  private final List<Reservation> rooms;
  private List<EventRecord> events;
  private int largest; // the fullest buffer's size after the append

  Admission(
      List<EventRecord> events,
      List<PartitionBuffer> buffers,
      List<List<EventRecord>> groups,
      List<Reservation> rooms) {
    this.events = events;
    this.buffers = buffers;
    this.groups = groups;
    this.rooms = rooms;
  }

  /** The events still admitted, in the request's order. */
  List<EventRecord> events() {
    return events;
  }

  /**
   * Keeps only {@code fresh}, a subsequence of the events (those that are not retries of accepted
   * ones), and gives back the room of the others.
   */
  void keepOnly(List<EventRecord> fresh) {
    if (fresh.size() == events.size()) {
      return;
    }
    Set<EventRecord> keep = Collections.newSetFromMap(new IdentityHashMap<>());
    keep.addAll(fresh);
    for (int i = 0; i < groups.size(); i++) {
      List<EventRecord> kept = new ArrayList<>();
      List<EventRecord> dropped = new ArrayList<>();
      for (EventRecord e : groups.get(i)) {
        (keep.contains(e) ? kept : dropped).add(e);
      }
      rooms.get(i).split(dropped.size(), Budget.bytesOf(dropped)).release();
      groups.set(i, kept);
    }
    events = fresh;
  }

  /**
   * Appends each group to its buffer as the log record at {@code position}, handing the buffer its
   * room. Only {@link Partitions#append} calls this, under the append lock.
   */
  void appendAt(long position, long nowMillis) {
    for (int i = 0; i < groups.size(); i++) {
      List<EventRecord> group = groups.get(i);
      PartitionBuffer buffer = buffers.get(i);
      if (!group.isEmpty()) {
        buffer.append(group, nowMillis, position, rooms.get(i));
        largest = Math.max(largest, buffer.size());
      }
    }
  }

  /** How many events the fullest buffer this request went to held right after it. */
  int largestBuffer() {
    return largest;
  }

  /** True when a buffer this request went to holds its table's {@code sizeOf} events or more. */
  boolean filled(java.util.function.ToIntFunction<String> sizeOf) {
    for (int i = 0; i < buffers.size(); i++) {
      PartitionBuffer b = buffers.get(i);
      if (!groups.get(i).isEmpty() && b.size() >= sizeOf.applyAsInt(b.table)) {
        return true;
      }
    }
    return false;
  }

  /** Gives back all the room of a request that is refused. */
  void release() {
    rooms.forEach(Reservation::release);
  }
}
