package dev.floe.buffer;

/** One partition as the debug endpoints show it. */
public record PartitionStatus(
    String partitionKey, int bufferedCount, int inFlightCount, long oldestEventAgeMs) {}
