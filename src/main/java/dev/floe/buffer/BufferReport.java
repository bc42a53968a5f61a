package dev.floe.buffer;

import dev.floe.metrics.FloeStats;
import dev.floe.metrics.TypeFigures;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the buffers tell the status page, the debug endpoints and the metrics: the ingest rate, the
 * latest flushes, each partition's status and the buffered figures. Reads the buffers, never
 * changes them.
 */
public final class BufferReport {
  private static final int RECENT_FLUSHES = 20;

  /** A flush as the status page shows it. */
  public record FlushSummary(long atMillis, FlushReport report, long millis) {}

  private final Partitions partitions;
  private final FloeStats stats;
  private final ArrayDeque<FlushSummary> recentFlushes = new ArrayDeque<>();
  private final long[] acceptedSamples = new long[11]; // events accepted, one sample per tick
  private int sampleCount;

  BufferReport(Partitions partitions, FloeStats stats) {
    this.partitions = partitions;
    this.stats = stats;
  }

  /** Gives the buffer gauges of the metrics their sources. */
  void registerGauges() {
    Budget budget = partitions.budget();
    stats.bufferedEvents.source(partitions::pendingEvents);
    stats.bufferedBytes.source(budget::used);
    stats.partitions.source(partitions::count);
    stats.types.source(partitions::typeCount);
    stats.oldestBufferedAge.source(
        () -> {
          long now = System.currentTimeMillis();
          long oldest =
              partitions.all().stream().mapToLong(PartitionBuffer::oldestMillis).min().orElse(now);
          return Math.max(0, now - Math.min(now, oldest)) / 1000.0;
        });
    stats.byType.source(this::byType);
    stats.byTable.source(this::byTable);
  }

  /** One timer tick: samples the accepted count for the ingest rate. */
  void tick() {
    synchronized (acceptedSamples) {
      System.arraycopy(acceptedSamples, 0, acceptedSamples, 1, acceptedSamples.length - 1);
      acceptedSamples[0] = stats.eventsAccepted.get();
      sampleCount = Math.min(sampleCount + 1, acceptedSamples.length);
    }
  }

  /** A flush that committed something, and how long it took. */
  void flushed(FlushReport report, long nanos) {
    stats.flushDuration.record(nanos);
    synchronized (recentFlushes) {
      recentFlushes.addFirst(
          new FlushSummary(System.currentTimeMillis(), report, nanos / 1_000_000));
      while (recentFlushes.size() > RECENT_FLUSHES) {
        recentFlushes.removeLast();
      }
    }
  }

  /** The latest flushes that committed something, newest first. */
  public List<FlushSummary> recentFlushes() {
    synchronized (recentFlushes) {
      return List.copyOf(recentFlushes);
    }
  }

  /** Events accepted per second over the last ten timer ticks. */
  public double ingestRate() {
    synchronized (acceptedSamples) {
      if (sampleCount < 2) {
        return 0;
      }
      return (double) (acceptedSamples[0] - acceptedSamples[sampleCount - 1]) / (sampleCount - 1);
    }
  }

  /** Every partition that holds or awaits events, of every type. */
  public List<PartitionStatus> allPartitions() {
    long now = System.currentTimeMillis();
    return partitions.all().stream()
        .map(b -> statusOf(b, now))
        .filter(p -> p.bufferedCount() + p.inFlightCount() > 0)
        .sorted(
            Comparator.comparing(PartitionStatus::table)
                .thenComparing(PartitionStatus::partitionKey))
        .toList();
  }

  /** The partitions of one event type that hold or await events. */
  public List<PartitionStatus> status(String type) {
    long now = System.currentTimeMillis();
    return partitions.select(k -> k.type().equals(type)).stream()
        .map(b -> statusOf(b, now))
        .toList();
  }

  /** How much of the buffers' memory budget is taken, from 0 to 1 (or past 1 after a replay). */
  public double budgetUsed() {
    Budget budget = partitions.budget();
    return (double) budget.used() / budget.max();
  }

  /** Events buffered or in flight, over all partitions. */
  public long pendingEvents() {
    return partitions.pendingEvents();
  }

  private static PartitionStatus statusOf(PartitionBuffer b, long now) {
    int size = b.size();
    return new PartitionStatus(
        b.key.toString(), size, Math.max(0, b.reserved() - size), b.oldestAgeMillis(now), b.table);
  }

  /** Events waiting in the buffers (not yet taken by a flush), by table. */
  private Map<String, Long> byTable() {
    Map<String, Long> out = new HashMap<>();
    for (PartitionBuffer b : partitions.all()) {
      int n = b.size();
      if (n > 0) {
        out.merge(b.table, (long) n, Long::sum);
      }
    }
    return out;
  }

  /** Events waiting in the buffers (not yet taken by a flush) and their bytes, by event type. */
  private Map<String, TypeFigures.Figures> byType() {
    Map<String, TypeFigures.Figures> out = new HashMap<>();
    for (PartitionBuffer b : partitions.all()) {
      TypeFigures.Figures f = b.figures();
      if (f.events() > 0) {
        out.merge(b.key.type(), f, TypeFigures.Figures::plus);
      }
    }
    return out;
  }
}
