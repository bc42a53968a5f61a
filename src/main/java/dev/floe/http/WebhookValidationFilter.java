package dev.floe.http;

import dev.floe.config.IngestLimits;
import dev.floe.config.WebhookOrigins;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * The CloudEvents webhook validation handshake (HTTP Webhook spec, section 4): a sender asks with
 * {@code OPTIONS} and {@code WebHook-Request-Origin} whether it may deliver to an ingest path, and
 * gets {@code WebHook-Allowed-Origin} back when {@code FLOE_WEBHOOK_ORIGINS} allows it. It runs
 * before the CORS filter, and leaves a browser's preflight (which carries {@code
 * Access-Control-Request-Method}) to it. A callback URL is never called: Floe answers at once, and
 * makes no request to an address a sender chose.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200)
public class WebhookValidationFilter implements ContainerRequestFilter {
  static final String REQUEST_ORIGIN = "WebHook-Request-Origin";

  @Inject WebhookOrigins origins;
  @Inject IngestLimits limits;

  @Override
  public void filter(ContainerRequestContext request) {
    String origin = request.getHeaderString(REQUEST_ORIGIN);
    if (origin == null
        || !HttpMethod.OPTIONS.equals(request.getMethod())
        || request.getHeaderString("Access-Control-Request-Method") != null
        || !CorsFilter.isIngest(request.getUriInfo().getPath())) {
      return;
    }
    if (!origins.allows(origin)) {
      request.abortWith(
          Problems.response(
              new Problem(
                  Problem.BASE + "forbidden",
                  "Forbidden",
                  403,
                  "this sender may not deliver here (FLOE_WEBHOOK_ORIGINS)",
                  null),
              -1));
      return;
    }
    Response.ResponseBuilder r =
        Response.ok().header("WebHook-Allowed-Origin", origin.trim()).header("Allow", "POST");
    if (request.getHeaderString("WebHook-Request-Rate") != null) {
      // the spec's rate is requests per minute; Floe's own limit, else no limit ("*")
      int perSecond = limits.requestsPerSecond();
      r.header("WebHook-Allowed-Rate", perSecond > 0 ? Integer.toString(perSecond * 60) : "*");
    }
    request.abortWith(r.build());
  }
}
