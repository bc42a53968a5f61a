package dev.floe.ops;

import dev.floe.buffer.PartitionStatus;

/** One partition as the debug status and the admin page describe it. */
record PartitionView(
    String partitionKey, int bufferedCount, int inFlightCount, long oldestEventAgeMs) {

  static PartitionView of(PartitionStatus p) {
    return new PartitionView(
        p.partitionKey(), p.bufferedCount(), p.inFlightCount(), p.oldestEventAgeMs());
  }
}
