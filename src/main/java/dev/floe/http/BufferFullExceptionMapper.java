package dev.floe.http;

import dev.floe.buffer.BufferFullException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A full partition buffer is 507 Insufficient Storage (the seed's answer); an exhausted memory
 * budget for all buffers, or a full write-ahead log, is 503. Both carry {@code Retry-After}, and
 * nothing of the request was kept.
 */
@Provider
public class BufferFullExceptionMapper implements ExceptionMapper<BufferFullException> {
  @Override
  public Response toResponse(BufferFullException e) {
    String where =
        e.partition() == null
            ? e.getMessage() // memory budget or write-ahead log, in words safe to show
            : "the buffer of partition " + e.partition() + " is full";
    Problem problem =
        new Problem(
            Problem.BUFFER_FULL,
            "Buffer full",
            e.partition() == null ? 503 : 507,
            where
                + "; nothing of this request was kept, retry after "
                + e.retryAfterSeconds()
                + " seconds",
            null);
    return Problems.response(problem, Math.max(1, e.retryAfterSeconds()));
  }
}
