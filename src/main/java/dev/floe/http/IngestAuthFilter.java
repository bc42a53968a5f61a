package dev.floe.http;

import dev.floe.config.AccessSettings;
import dev.floe.config.AccessSettings.IngestKey;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * When ingest keys are configured, {@code /events*} takes only requests that carry one as {@code
 * Authorization: Bearer <key>}; others get 401 with a {@code WWW-Authenticate} challenge. The key
 * found travels to the resource as the request property {@link #KEY}. The answer never echoes what
 * was presented.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class IngestAuthFilter implements ContainerRequestFilter {
  /** The request property holding the {@link IngestKey} that authenticated the request. */
  public static final String KEY = "dev.floe.ingest-key";

  static final String UNAUTHORIZED = Problem.BASE + "unauthorized";

  @Inject AccessSettings access;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!access.ingestKeysRequired()
        || HttpMethod.OPTIONS.equals(request.getMethod())
        || !request.getUriInfo().getPath().startsWith("events")) {
      return;
    }
    String token = Bearer.token(request.getHeaderString(HttpHeaders.AUTHORIZATION), false);
    boolean inUrl = false;
    if (token == null) { // navigator.sendBeacon sets no header: a site key may be in the URL
      token = request.getUriInfo().getQueryParameters().getFirst("key");
      inUrl = token != null;
    }
    IngestKey key = token == null ? null : access.ingestKey(token);
    if (key != null && key.isSiteKey()) {
      String origin = request.getHeaderString("Origin");
      if (origin == null || !key.origins().contains(origin)) {
        request.abortWith(
            Problems.response(
                new Problem(
                    Problem.BASE + "forbidden",
                    "Forbidden",
                    403,
                    "the site key '" + key.name() + "' is only accepted from its own origins",
                    null),
                -1));
        return;
      }
    } else if (key != null && inUrl) {
      key = null; // a secret key must not travel in URLs, which end up in logs
    }
    if (key == null) {
      String detail =
          token == null
              ? "this endpoint needs an ingest key: send Authorization: Bearer <key>"
              : "the ingest key is not valid";
      request.abortWith(
          Problems.response(new Problem(UNAUTHORIZED, "Unauthorized", 401, detail, null))
              .header(
                  HttpHeaders.WWW_AUTHENTICATE,
                  token == null
                      ? "Bearer realm=\"floe\""
                      : "Bearer realm=\"floe\", error=\"invalid_token\"")
              .build());
      return;
    }
    request.setProperty(KEY, key);
  }
}
