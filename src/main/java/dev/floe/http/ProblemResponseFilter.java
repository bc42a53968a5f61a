package dev.floe.http;

import dev.floe.metrics.FloeStats;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives a problem body to error responses the JAX-RS runtime builds without one and without passing
 * through an exception mapper (e.g. Jersey's 400 for an unparseable header), so the servlet
 * container never substitutes its HTML error page.
 */
@Provider
public class ProblemResponseFilter implements ContainerResponseFilter {
  private static final MediaType PROBLEM = MediaType.valueOf(Problem.MEDIA_TYPE);

  @Inject FloeStats stats;

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    int status = response.getStatus();
    if (status >= 400 && request.getUriInfo().getPath().startsWith("events")) {
      stats.rejected(reason(status));
    }
    if (status < 400 || response.hasEntity() || "HEAD".equals(request.getMethod())) {
      return;
    }
    Response.StatusType info = response.getStatusInfo();
    String reason =
        info == null || info.getReasonPhrase() == null ? "Error" : info.getReasonPhrase();
    String detail =
        status == 400
            ? "the request is malformed; check its headers (e.g. Content-Type, Accept)"
            : "the request was refused (" + status + " " + reason + ")";
    response.setEntity(
        new Problem(Problem.ABOUT_BLANK, reason, status, detail, null).toJson(),
        new java.lang.annotation.Annotation[0],
        PROBLEM);
    response.getHeaders().putSingle("Cache-Control", "no-store");
  }

  /** The reason tag of a refused ingest request: a word per status, from a small fixed set. */
  static String reason(int status) {
    return switch (status) {
      case 400 -> "invalid";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 429 -> "rate_limited";
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      case 503 -> "unavailable";
      case 507 -> "partition_full";
      default -> status < 500 ? "other_client_error" : "server_error";
    };
  }
}
