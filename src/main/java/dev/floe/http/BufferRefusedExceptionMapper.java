package dev.floe.http;

import dev.floe.buffer.BufferRefusedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A full partition buffer is 507 Insufficient Storage (the seed's answer); any other refusal of the
 * buffers (memory budget, write-ahead log full or failed, stopping) is 503. Both carry {@code
 * Retry-After}, and nothing of the request was kept.
 */
@Provider
public class BufferRefusedExceptionMapper implements ExceptionMapper<BufferRefusedException> {
  @Override
  public Response toResponse(BufferRefusedException e) {
    boolean partitionFull = e.reason() == BufferRefusedException.Reason.PARTITION_FULL;
    String why =
        partitionFull
            ? "the buffer of partition " + e.partition() + " is full"
            : e.getMessage(); // the buffers' own words, safe to show
    Problem problem =
        new Problem(
            Problem.BUFFER_FULL,
            "Buffer full",
            partitionFull ? 507 : 503,
            why
                + "; nothing of this request was kept, retry after "
                + e.retryAfterSeconds()
                + " seconds",
            null);
    return Problems.response(problem, Math.max(1, e.retryAfterSeconds()));
  }
}
