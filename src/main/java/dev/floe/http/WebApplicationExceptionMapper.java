package dev.floe.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives JAX-RS's own errors (unknown path, wrong method, unacceptable type...) and the {@code
 * WebApplicationException}s other packages throw a problem body. A 4xx's or 503's message is its
 * detail (the thrower chose it for the client); another 5xx's is logged, not shown.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
  private static final Logger LOG = Logger.getLogger(WebApplicationExceptionMapper.class.getName());
  private static final MediaType PROBLEM = MediaType.valueOf(Problem.MEDIA_TYPE);
  private static final List<String> KEPT_HEADERS =
      List.of("Allow", "Retry-After", "WWW-Authenticate");

  @Override
  public Response toResponse(WebApplicationException e) {
    Response original = e.getResponse();
    int status = original == null ? 500 : original.getStatus();
    if (status < 400) {
      return original;
    }
    if (original != null && original.hasEntity() && PROBLEM.isCompatible(original.getMediaType())) {
      return original;
    }
    if (status == 503) {
      LOG.fine(() -> "unavailable: " + e.getMessage()); // the thrower has logged why
    } else if (status >= 500) {
      LOG.log(Level.WARNING, "request failed with " + status, e);
    }
    Response.StatusType info = original == null ? null : original.getStatusInfo();
    String title =
        info == null || info.getReasonPhrase() == null ? "Error" : info.getReasonPhrase();
    Problem problem =
        new Problem(Problem.ABOUT_BLANK, title, status, detail(e, status, original), null);
    Response.ResponseBuilder r = Problems.response(problem);
    if (original != null) {
      for (String name : KEPT_HEADERS) {
        String value = original.getHeaderString(name);
        if (value != null) {
          r.header(name, value);
        }
      }
    }
    return r.build();
  }

  private static String detail(WebApplicationException e, int status, Response original) {
    String message = e.getMessage();
    boolean own = message != null && !message.isBlank() && !message.startsWith("HTTP " + status);
    if (own && (status < 500 || status == 503)) { // a 503's message says what is unavailable
      return message;
    }
    return switch (status) {
      case 404 -> "no resource matches the request path";
      case 405 ->
          "the request method is not allowed here"
              + (original == null || original.getHeaderString("Allow") == null
                  ? ""
                  : "; allowed: " + original.getHeaderString("Allow"));
      case 406 -> "none of the accepted media types can be produced";
      case 415 -> "the request's Content-Type is not supported here";
      default ->
          status < 500
              ? "the request was refused (" + status + ")"
              : "the server could not complete the request (" + status + ")";
    };
  }
}
