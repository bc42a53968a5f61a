package dev.floe.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.floe.buffer.PartitionStatus;

/**
 * One partition as the debug status and the admin page describe it.
 *
 * @param table its table with {@code FLOE_ROUTES}; left out (null) without routes, so the answer is
 *     the one Floe gave before routes
 */
record PartitionView(
    String partitionKey,
    int bufferedCount,
    int inFlightCount,
    long oldestEventAgeMs,
    @JsonInclude(JsonInclude.Include.NON_NULL) String table) {

  static PartitionView of(PartitionStatus p) {
    return of(p, false);
  }

  /** The view, naming the table when {@code routed}. */
  static PartitionView of(PartitionStatus p, boolean routed) {
    return new PartitionView(
        p.partitionKey(),
        p.bufferedCount(),
        p.inFlightCount(),
        p.oldestEventAgeMs(),
        routed ? p.table() : null);
  }
}
