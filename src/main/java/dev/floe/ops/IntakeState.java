package dev.floe.ops;

import dev.floe.buffer.PartitionBuffers;
import dev.floe.metrics.FloeStats;

/**
 * What decides whether this node can take events now, read from state the buffers and the log keep:
 * whether it stops, whether the log can write and has room, whether the buffers' budget has room,
 * and whether events replayed from the log still wait for their check against the table. Storage
 * and catalog reachability are not in it: an outage ends by itself, and the log keeps taking events
 * meanwhile.
 */
record IntakeState(
    boolean stopping,
    boolean walBroken,
    String replayPending,
    long replayedEvents,
    double walBytes,
    double walMaxBytes,
    double budgetUsed) {

  /** The log counts as full with less room than this share of its bound (at most 1 MiB) left. */
  static final double WAL_HEADROOM_SHARE = 0.01;

  static final double WAL_HEADROOM_MAX = 1 << 20;

  /** The state now, from the buffers and the log's gauges. */
  static IntakeState of(PartitionBuffers buffers, FloeStats stats) {
    return new IntakeState(
        buffers.stopping(),
        stats.walBroken.get() > 0,
        buffers.replayPending(),
        buffers.replayedEvents(),
        stats.walBytes.get(),
        stats.walBytesMax.get(),
        buffers.budgetUsed());
  }

  /** Null while events can be taken, else why not, in words for the readiness answer. */
  String refusal() {
    if (stopping) {
      return "the node is stopping; new events get 503";
    }
    if (walBroken) {
      return replayPending != null
          ? replayPending
          : "the write-ahead log cannot write; new events get 503 until it can";
    }
    if (walMaxBytes > 0
        && walMaxBytes - walBytes < Math.min(WAL_HEADROOM_MAX, walMaxBytes * WAL_HEADROOM_SHARE)) {
      return String.format(
          "the write-ahead log is full (%.0f of %.0f bytes, FLOE_WAL_MAX_BYTES); new events get"
              + " 503 until a commit frees room",
          walBytes, walMaxBytes);
    }
    if (budgetUsed >= 1) {
      return "the buffers' memory budget is full (FLOE_MAX_BUFFER_MB); new events get 503";
    }
    if (replayPending != null && replayedEvents > 0) {
      // a log that replayed nothing has nothing to check: the node takes events at once
      return replayedEvents + " events replayed from the write-ahead log: " + replayPending;
    }
    return null;
  }
}
