package dev.floe.http;

import dev.floe.buffer.BufferRefusedException;
import dev.floe.buffer.BufferRefusedException.Reason;
import dev.floe.metrics.FloeStats;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A full partition buffer is 507 Insufficient Storage (the seed's answer); any other refusal of the
 * buffers (memory budget, open partitions or event types at their cap, write-ahead log full or
 * failed, stopping) is 503: the node is short of room, not the client at fault, and the room comes
 * back by itself when buffers flush. All carry {@code Retry-After}, and nothing of the request was
 * kept.
 */
@Provider
public class BufferRefusedExceptionMapper implements ExceptionMapper<BufferRefusedException> {
  static final String TOO_MANY_PARTITIONS = Problem.BASE + "too-many-open-partitions";
  static final String TOO_MANY_TYPES = Problem.BASE + "too-many-event-types";

  @Inject FloeStats stats;

  @Override
  public Response toResponse(BufferRefusedException e) {
    Reason reason = e.reason();
    String type = Problem.BUFFER_FULL;
    String title = "Buffer full";
    String why = e.getMessage(); // the buffers' own words, safe to show
    if (reason == Reason.PARTITION_FULL) {
      why = "the buffer of partition " + e.partition() + " is full";
    } else if (reason == Reason.TOO_MANY_PARTITIONS) {
      type = TOO_MANY_PARTITIONS;
      title = "Too many open partitions";
      stats.openPartitionsRefused.inc(1);
    } else if (reason == Reason.TOO_MANY_TYPES) {
      type = TOO_MANY_TYPES;
      title = "Too many event types";
      stats.eventTypesRefused.inc(1);
    }
    Problem problem =
        new Problem(
            type,
            title,
            reason == Reason.PARTITION_FULL ? 507 : 503,
            why
                + "; nothing of this request was kept, retry after "
                + e.retryAfterSeconds()
                + " seconds",
            null);
    return Problems.response(problem, Math.max(1, e.retryAfterSeconds()));
  }
}
