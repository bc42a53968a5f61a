package dev.floe.http;

import dev.floe.config.AccessSettings;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * Browsers as senders ({@code FLOE_CORS_ORIGINS}): the ingest paths answer CORS preflights for
 * {@code POST} with {@code Content-Type}, {@code Content-Encoding}, {@code Authorization} and
 * {@code ce-*} headers, and put {@code Access-Control-Allow-Origin} and {@code Vary: Origin} on
 * their answers. With CORS on, a request from a browser page of another origin is refused, even one
 * a browser sends without a preflight ({@code sendBeacon}, a form).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {
  private static final String MAX_AGE = Integer.toString(24 * 3600);

  @Inject AccessSettings access;

  @Override
  public void filter(ContainerRequestContext request) {
    String origin = request.getHeaderString("Origin");
    if (!access.corsEnabled() || origin == null || !isIngest(request.getUriInfo().getPath())) {
      return;
    }
    boolean preflight =
        HttpMethod.OPTIONS.equals(request.getMethod())
            && request.getHeaderString("Access-Control-Request-Method") != null;
    if (!access.corsAllows(origin)) {
      request.abortWith(
          Problems.response(
              new Problem(
                  Problem.BASE + "forbidden",
                  "Forbidden",
                  403,
                  "events are not taken from pages of this origin (FLOE_CORS_ORIGINS)",
                  null),
              -1));
      return;
    }
    if (preflight) {
      Response.ResponseBuilder r = Response.noContent();
      String method = request.getHeaderString("Access-Control-Request-Method");
      String headers = request.getHeaderString("Access-Control-Request-Headers");
      if (HttpMethod.POST.equals(method) && allowedHeaders(headers)) {
        r.header("Access-Control-Allow-Methods", "POST").header("Access-Control-Max-Age", MAX_AGE);
        if (headers != null && !headers.isBlank()) {
          r.header("Access-Control-Allow-Headers", headers);
        }
      } // else no Allow-* answer: the browser refuses the request itself
      request.abortWith(r.build());
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    String origin = request.getHeaderString("Origin");
    if (!access.corsEnabled() || !isIngest(request.getUriInfo().getPath())) {
      return;
    }
    MultivaluedMap<String, Object> h = response.getHeaders();
    h.add("Vary", "Origin");
    if (origin != null && access.corsAllows(origin)) {
      h.putSingle("Access-Control-Allow-Origin", origin);
      h.putSingle("Access-Control-Expose-Headers", "Retry-After, Preference-Applied");
    }
  }

  static boolean isIngest(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.equals("events") || p.startsWith("events/");
  }

  /** Only the headers an ingest request needs may be asked for. */
  static boolean allowedHeaders(String requested) {
    if (requested == null || requested.isBlank()) {
      return true;
    }
    for (String name : requested.split(",")) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      if (!(n.isEmpty()
          || n.equals("content-type")
          || n.equals("content-encoding")
          || n.equals("authorization")
          || n.equals("prefer")
          || n.startsWith("ce-"))) {
        return false;
      }
    }
    return true;
  }
}
