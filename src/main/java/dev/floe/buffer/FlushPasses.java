package dev.floe.buffer;

import dev.floe.metrics.FloeStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Flushes table by table, the tables side by side ({@link SideBySide}): a pass commits each table
 * it touches once (one snapshot per table, so commits per pass = tables touched), and a table whose
 * write or commit fails, or whose outcome is unknown, backs off alone while the others keep
 * landing.
 */
final class FlushPasses {
  private static final Logger LOG = Logger.getLogger(FlushPasses.class.getName());

  private final Lanes lanes;
  private final Partitions partitions;
  private final BufferReport report;
  private final FloeStats stats;
  private final SideBySide sideBySide;

  FlushPasses(
      Lanes lanes,
      Partitions partitions,
      BufferReport report,
      FloeStats stats,
      SideBySide sideBySide) {
    this.sideBySide = sideBySide;
    this.lanes = lanes;
    this.partitions = partitions;
    this.report = report;
    this.stats = stats;
  }

  /** True when a lane has work the timer should start a pass for. */
  boolean anyDue(long now) {
    Map<Lane, List<PartitionBuffer>> due = due(now);
    for (Lane lane : lanes.all()) {
      if (lane.flusher.hasUnknownCommit() || !lane.log.reconciled() || due.containsKey(lane)) {
        return true;
      }
    }
    return false;
  }

  /**
   * One background pass: flushes what is due in every table that is not backing off; false when one
   * is (the timer asks again).
   */
  boolean pass() {
    long now = System.currentTimeMillis();
    Map<Lane, List<PartitionBuffer>> due = due(now);
    boolean backingOff = false;
    Map<Lane, List<PartitionBuffer>> work = new LinkedHashMap<>();
    long start = System.nanoTime();
    for (Lane lane : lanes.all()) {
      if (now < lane.flusher.retryAtMillis()) {
        backingOff = true;
        continue;
      }
      List<PartitionBuffer> mine = due.getOrDefault(lane, List.of());
      if (!mine.isEmpty() || lane.flusher.hasUnknownCommit() || !lane.log.reconciled()) {
        work.put(lane, mine);
      }
    }
    List<FlushReport> landed = new ArrayList<>();
    List<Lane> tried = List.copyOf(work.keySet());
    List<SideBySide.Outcome<FlushReport>> outcomes = flushAll(work);
    for (int i = 0; i < outcomes.size(); i++) {
      RuntimeException e = outcomes.get(i).failure();
      if (e == null) {
        landed.add(outcomes.get(i).value());
      } else {
        LOG.log(
            Level.WARNING,
            "Flush of table "
                + tried.get(i).name()
                + " failed, its events stay buffered and are retried: "
                + e.getMessage(),
            LOG.isLoggable(Level.FINE) ? e : null);
      }
    }
    reported(landed, start);
    return !backingOff;
  }

  /**
   * Flushes {@code selected} now, each table once, whether backing off or not; throws the first
   * failure after every table was tried.
   */
  FlushReport flush(Collection<PartitionBuffer> selected) {
    Map<Lane, List<PartitionBuffer>> byLane = new LinkedHashMap<>();
    for (PartitionBuffer b : selected) {
      byLane.computeIfAbsent(lanes.lane(b.table), l -> new ArrayList<>()).add(b);
    }
    List<FlushReport> landed = new ArrayList<>();
    RuntimeException failed = null;
    long start = System.nanoTime();
    for (SideBySide.Outcome<FlushReport> o : flushAll(byLane)) {
      if (o.failure() == null) {
        landed.add(o.value());
      } else {
        failed = failed == null ? o.failure() : failed;
      }
    }
    FlushReport r = reported(landed, start);
    if (failed != null) {
      throw failed;
    }
    return r;
  }

  /** Each lane's flush of its buffers, side by side; outcomes in the map's order. */
  private List<SideBySide.Outcome<FlushReport>> flushAll(Map<Lane, List<PartitionBuffer>> work) {
    List<Callable<FlushReport>> tasks = new ArrayList<>();
    work.forEach((lane, buffers) -> tasks.add(() -> flushLane(lane, buffers)));
    return sideBySide.run(tasks);
  }

  private FlushReport flushLane(Lane lane, List<PartitionBuffer> buffers) {
    try {
      FlushReport r = lane.flusher.flush(buffers);
      if (r != FlushReport.EMPTY) {
        stats.byTable.committed(lane.name(), r.rows());
      }
      return r;
    } catch (RuntimeException e) {
      stats.flushesFailed.inc(1);
      throw e;
    }
  }

  /** The pass's commits as one report, told to the status page when something landed. */
  private FlushReport reported(List<FlushReport> landed, long startNanos) {
    Long snapshot = null;
    List<String> files = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    long rows = 0;
    int commits = 0;
    for (FlushReport r : landed) {
      if (r.snapshotId() != null || !r.files().isEmpty()) {
        snapshot = r.snapshotId() != null ? r.snapshotId() : snapshot;
        files.addAll(r.files());
        keys.addAll(r.partitions());
        rows += r.rows();
        commits++;
      }
    }
    if (commits == 0) {
      return FlushReport.EMPTY;
    }
    FlushReport r =
        commits == 1
            ? landed.stream().filter(x -> x != FlushReport.EMPTY).findFirst().get()
            : new FlushReport(snapshot, files, rows, keys);
    report.flushed(r, System.nanoTime() - startNanos);
    return r;
  }

  private Map<Lane, List<PartitionBuffer>> due(long now) {
    boolean pressure = partitions.budget().underPressure();
    Map<Lane, List<PartitionBuffer>> due = new LinkedHashMap<>();
    for (PartitionBuffer b : partitions.all()) {
      Lane lane = lanes.lane(b.table);
      if (lane.due(b, now, pressure)) {
        due.computeIfAbsent(lane, l -> new ArrayList<>()).add(b);
      }
    }
    return due;
  }
}
