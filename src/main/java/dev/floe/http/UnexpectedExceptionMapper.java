package dev.floe.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last resort: anything no other mapper claims is a 500 with a generic problem. The exception
 * goes to the log only; its message could carry anything, secrets included.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

  @Override
  public Response toResponse(Throwable e) {
    LOG.log(Level.SEVERE, "unexpected error answering a request", e);
    Problem problem =
        new Problem(
            Problem.ABOUT_BLANK,
            "Internal Server Error",
            500,
            "an unexpected error occurred; it has been logged",
            null);
    return Problems.response(problem).build();
  }
}
