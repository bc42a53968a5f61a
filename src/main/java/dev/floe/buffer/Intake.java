package dev.floe.buffer;

import dev.floe.config.FloeSettings;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import dev.floe.metrics.TypeFigures;
import dev.floe.wal.EventCodec;
import dev.floe.wal.WriteAheadLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes the events of one request into the partition buffers, all or none: room in every partition
 * they touch and in the memory budget, then one write-ahead log record, then the appends, then the
 * wait until the record is durable. Thread-safe; appends contend only on the log's order.
 */
public final class Intake {
  private static final Logger LOG = Logger.getLogger(Intake.class.getName());

  private final Map<PartitionKey, PartitionBuffer> buffers;
  private final Budget budget;
  private final WriteAheadLog wal; // null when FLOE_ACK=none
  private final Dedup dedup; // null unless FLOE_DEDUP_WINDOW is set
  private final ReentrantLock appendLock;
  private final int maxBufferSize;
  private final int bufferSize;
  private final TypeFigures byType;
  private final Runnable requestFlush;
  private final IntSupplier retryAfterSeconds;
  private final BooleanSupplier stopping;

  Intake(
      Map<PartitionKey, PartitionBuffer> buffers,
      Budget budget,
      WriteAheadLog wal,
      Dedup dedup,
      ReentrantLock appendLock,
      FloeSettings settings,
      TypeFigures byType,
      Runnable requestFlush,
      IntSupplier retryAfterSeconds,
      BooleanSupplier stopping) {
    this.buffers = buffers;
    this.budget = budget;
    this.wal = wal;
    this.dedup = dedup;
    this.appendLock = appendLock;
    this.maxBufferSize = settings.buffers().maxSize();
    this.bufferSize = settings.buffers().size();
    this.byType = byType;
    this.requestFlush = requestFlush;
    this.retryAfterSeconds = retryAfterSeconds;
    this.stopping = stopping;
  }

  /**
   * Accepts all events of one request or none: every partition they fall into must have room under
   * the cap, and all buffers together under the memory budget.
   */
  public void accept(List<EventRecord> events) throws BufferFullException {
    if (stopping.getAsBoolean()) {
      throw new BufferFullException("Floe is stopping; retry on another node or later", null, 5);
    }
    Map<PartitionKey, List<EventRecord>> groups = group(events);
    byte[] payload = wal == null ? null : EventCodec.encode(events);
    long bytes = Budget.bytesOf(events);
    if (!budget.tryReserve(bytes)) {
      throw new BufferFullException(
          "the buffer memory budget is exhausted", null, retryAfterSeconds.getAsInt());
    }
    List<Map.Entry<PartitionBuffer, Integer>> reserved = new ArrayList<>(groups.size());
    for (Map.Entry<PartitionKey, List<EventRecord>> g : groups.entrySet()) {
      PartitionBuffer buffer = reserve(g.getKey(), g.getValue().size());
      if (buffer == null) {
        reserved.forEach(r -> r.getKey().release(r.getValue()));
        budget.release(bytes);
        throw new BufferFullException(
            "Partition "
                + g.getKey()
                + " holds its maximum of "
                + maxBufferSize
                + " events; retry later",
            g.getKey().toString(),
            retryAfterSeconds.getAsInt());
      }
      reserved.add(Map.entry(buffer, g.getValue().size()));
    }
    long now = System.currentTimeMillis();
    boolean full = false;
    long position = 0;
    long seenPosition = 0;
    List<EventRecord> fresh = events;
    Collection<List<EventRecord>> toAppend = groups.values();
    appendLock.lock(); // log order is buffer order: positions only grow within a partition
    try {
      if (dedup != null) {
        Dedup.Fresh f = dedup.filter(events, now);
        seenPosition = f.seenPosition();
        if (f.events().size() != events.size()) {
          fresh = f.events();
          toAppend = dropRetries(groups.values(), reserved, fresh);
          payload = wal == null || fresh.isEmpty() ? null : EventCodec.encode(fresh);
        }
      }
      if (wal != null && payload != null) {
        position = wal.append(payload);
      }
      int i = 0;
      for (List<EventRecord> group : toAppend) {
        PartitionBuffer buffer = reserved.get(i++).getKey();
        if (!group.isEmpty()) {
          buffer.append(group, now, position);
          full |= buffer.size() >= bufferSize;
        }
      }
      if (dedup != null) {
        dedup.remember(fresh, now, position);
      }
    } catch (IOException e) {
      int k = 0;
      for (List<EventRecord> group : toAppend) { // what is still reserved after any retries left
        reserved.get(k++).getKey().release(group.size());
      }
      budget.release(Budget.bytesOf(fresh));
      throw new BufferFullException(
          "the write-ahead log cannot take the events: " + e.getMessage(),
          null,
          retryAfterSeconds.getAsInt());
    } finally {
      appendLock.unlock();
    }
    if (full || budget.underPressure()) {
      requestFlush.run();
    }
    if (wal != null) {
      try {
        wal.awaitDurable(Math.max(position, seenPosition)); // a retry's 2xx waits for the first
      } catch (IOException e) {
        LOG.log(Level.SEVERE, "The write-ahead log could not be forced to disk", e);
        throw new BufferFullException(
            "the events could not be made durable", null, retryAfterSeconds.getAsInt());
      }
    }
  }

  /**
   * The groups of a request without its retries, in the same order; the slots and budget the
   * retries held are given back.
   */
  private List<List<EventRecord>> dropRetries(
      Collection<List<EventRecord>> groups,
      List<Map.Entry<PartitionBuffer, Integer>> reserved,
      List<EventRecord> fresh) {
    Set<EventRecord> keep = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    keep.addAll(fresh);
    List<List<EventRecord>> out = new ArrayList<>(groups.size());
    int i = 0;
    for (List<EventRecord> group : groups) {
      List<EventRecord> kept = new ArrayList<>();
      List<EventRecord> dropped = new ArrayList<>();
      for (EventRecord e : group) {
        (keep.contains(e) ? kept : dropped).add(e);
      }
      reserved.get(i++).getKey().release(dropped.size());
      budget.release(Budget.bytesOf(dropped));
      out.add(kept);
    }
    return out;
  }

  /** The events of a request by partition, in first-seen order. */
  static Map<PartitionKey, List<EventRecord>> group(List<EventRecord> events) {
    if (events.size() == 1) {
      return Map.of(PartitionKey.of(events.get(0)), events);
    }
    Map<PartitionKey, List<EventRecord>> groups = new LinkedHashMap<>();
    for (EventRecord e : events) {
      groups.computeIfAbsent(PartitionKey.of(e), k -> new ArrayList<>()).add(e);
    }
    return groups;
  }

  /** Reserves slots in the partition's buffer, or returns null when the cap would be passed. */
  private PartitionBuffer reserve(PartitionKey key, int n) {
    long now = System.currentTimeMillis();
    while (true) {
      PartitionBuffer buffer =
          buffers.computeIfAbsent(
              key,
              k -> {
                byType.label(k.type()); // a new type may get its own metric label
                return new PartitionBuffer(k, now);
              });
      if (buffer.tryReserve(n, maxBufferSize)) {
        return buffer;
      }
      if (!buffer.isRetired()) {
        return null;
      }
      buffers.remove(key, buffer); // retired between lookup and reserve: take a fresh one
    }
  }
}
