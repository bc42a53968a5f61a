package dev.floe.http;

import dev.floe.cloudevents.EventFormatException;
import dev.floe.cloudevents.Text;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a request whose {@code Content-Type} the JAX-RS runtime cannot parse, with a problem
 * body. Jersey rejects such a request in its servlet, before any JAX-RS provider runs, with a bare
 * 400; this keeps that answer problem+json like every other.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class ContentTypeGuard extends HttpFilter {

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String contentType = request.getContentType();
    if (contentType != null && !isCommon(contentType)) {
      try {
        MediaType.valueOf(contentType);
      } catch (IllegalArgumentException e) {
        refuse(response, contentType);
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /** The types nearly every request carries, known to parse, so the hot path skips the parser. */
  private static boolean isCommon(String contentType) {
    return contentType.equals("application/json")
        || contentType.equals("application/cloudevents+json")
        || contentType.equals("application/cloudevents-batch+json");
  }

  private static void refuse(HttpServletResponse response, String contentType) throws IOException {
    Problem problem =
        Problem.of(
            EventFormatException.unsupportedMediaType(
                    "Content-Type '" + Text.clip(contentType, 80) + "' is not a valid media type")
                .refusal());
    byte[] body = problem.toJson().getBytes(StandardCharsets.UTF_8);
    response.setStatus(problem.status());
    response.setContentType(Problem.MEDIA_TYPE);
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
