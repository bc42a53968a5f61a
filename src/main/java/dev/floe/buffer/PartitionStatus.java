package dev.floe.buffer;

/**
 * One partition as the debug endpoints show it.
 *
 * @param table the table ({@code namespace.name}) the partition's events go to
 */
public record PartitionStatus(
    String partitionKey,
    int bufferedCount,
    int inFlightCount,
    long oldestEventAgeMs,
    String table) {

  /** A partition of the configured table (no routes). */
  public PartitionStatus(
      String partitionKey, int bufferedCount, int inFlightCount, long oldestEventAgeMs) {
    this(partitionKey, bufferedCount, inFlightCount, oldestEventAgeMs, "");
  }
}
