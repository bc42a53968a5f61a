package dev.floe.ops;

import java.util.List;

/** The bodies of the debug endpoints' answers; field names are the seed's (snake case). */
final class DebugAnswers {
  private DebugAnswers() {}

  /** {@code GET /debug/status/{type}}: the current hour's partition, then every partition. */
  record Status(
      String partitionKey,
      int bufferedCount,
      int maxBufferSize,
      int bufferThreshold,
      String tableLocation,
      long oldestEventAgeMs,
      int inFlightCount,
      List<PartitionView> partitions,
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
          String table) {}

  /** {@code POST /debug/flush[/{type}]}: what the flush committed; type is null for all types. */
  record Flush(
      String type,
      Long snapshotId,
      int filesWritten,
      long rows,
      List<String> files,
      List<String> partitions) {}

  /** {@code GET /debug/list-r2}: one page of objects under the table location. */
  record Listing(
      String tableLocation, List<StoredObjectView> objects, boolean truncated, String nextAfter) {}

  /** One object of a listing; {@code lastModified} as ISO-8601 text, or null. */
  record StoredObjectView(String key, long size, String lastModified) {}

  /** {@code GET /debug/tables}. */
  record Tables(String namespace, List<String> tables) {}

  /** {@code DELETE /debug/tables/{name}}. */
  record Dropped(String dropped, boolean purged) {}
}
