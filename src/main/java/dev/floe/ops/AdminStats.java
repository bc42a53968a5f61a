package dev.floe.ops;

import java.util.List;
import java.util.Map;

/** What {@code /admin/stats} answers and the status page draws. */
record AdminStats(
    String version,
    String now,
    String catalog,
    String table,
    String ack,
    boolean ready,
    String reason,
    String storage,
    String catalogReachable,
    double ingestRate,
    long eventsAccepted,
    long eventsCommitted,
    Long snapshotsCommitted, // null with USE_ICEBERG=false: no table, no snapshots
    long receivedBytes,
    long writtenBytes,
    Map<String, Long> rejected,
    Map<String, Long> deadLettered, // per reason, since start (floe_dead_lettered_total)
    long bufferedEvents,
    long bufferBudgetUsedPercent,
    int maxBufferSize,
    int bufferThreshold,
    List<PartitionView> partitions,
    List<Flush> flushes) {

  /** One of the latest flushes. */
  record Flush(String at, Long snapshotId, int files, long rows, long millis) {}
}
