package dev.floe.http;

import dev.floe.config.AccessSettings;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/**
 * Locks the admin side ({@code /debug/*}, {@code /admin*}). With {@code FLOE_ADMIN_TOKEN} set, a
 * request must carry it ({@code Authorization: Bearer <token>}, or as the password of Basic
 * authentication so a browser can open the status page); without one, only loopback clients are
 * served, and a request that came through a proxy ({@code Forwarded}, {@code X-Forwarded-For},
 * {@code CF-Connecting-IP}) does not count as loopback. Calls that change state are refused when a
 * browser sends them from another site (no cross-site request forgery), are rate-limited, and each
 * leaves an audit line naming who made it.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AdminAccessFilter implements ContainerRequestFilter, ContainerResponseFilter {
  private static final Logger AUDIT = Logger.getLogger("dev.floe.audit");
  private static final String WHO = "dev.floe.admin-who";
  private static final String[] FORWARDING = {
    "Forwarded", "X-Forwarded-For", "X-Real-IP", "CF-Connecting-IP", "True-Client-IP"
  };

  @Inject AccessSettings access;
  @Inject AdminRateLimit rate;
  @Context HttpServletRequest servlet;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!isAdmin(request.getUriInfo().getPath())) {
      return;
    }
    String who;
    if (access.adminToken() != null) {
      String token = Bearer.token(request.getHeaderString(HttpHeaders.AUTHORIZATION), true);
      if (token == null || !access.isAdminToken(token)) {
        request.abortWith(
            Problems.response(
                    new Problem(
                        IngestAuthFilter.UNAUTHORIZED,
                        "Unauthorized",
                        401,
                        "the admin side needs FLOE_ADMIN_TOKEN as a bearer token",
                        null))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"floe admin\"")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"floe admin\"")
                .build());
        return;
      }
      who = "admin token";
    } else if (isLoopback(request)) {
      who = "loopback";
    } else {
      request.abortWith(
          forbidden(
              "the admin side answers only to loopback clients unless FLOE_ADMIN_TOKEN is set"));
      return;
    }
    if (changesState(request.getMethod())) {
      if (crossSite(request)) {
        request.abortWith(forbidden("admin calls that change state are refused from other sites"));
        return;
      }
      int wait = rate.tryAcquire();
      if (wait > 0) {
        request.abortWith(
            Problems.response(
                new Problem(
                    Problem.BASE + "too-many-requests",
                    "Too many admin calls",
                    429,
                    "admin calls that change state are limited to "
                        + access.adminCallsPerMinute()
                        + " a minute; retry after "
                        + wait
                        + " seconds",
                    null),
                wait));
        return;
      }
      request.setProperty(WHO, who + " from " + servlet.getRemoteAddr());
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Object who = request.getProperty(WHO);
    if (who != null) {
      AUDIT.info(
          "Admin call "
              + request.getMethod()
              + " /"
              + request.getUriInfo().getPath()
              + " by "
              + who
              + ": "
              + response.getStatus());
    }
  }

  static boolean isAdmin(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.equals("debug")
        || p.startsWith("debug/")
        || p.equals("admin")
        || p.startsWith("admin/");
  }

  static boolean changesState(String method) {
    return !(HttpMethod.GET.equals(method)
        || HttpMethod.HEAD.equals(method)
        || HttpMethod.OPTIONS.equals(method));
  }

  private boolean isLoopback(ContainerRequestContext request) {
    for (String h : FORWARDING) {
      if (request.getHeaderString(h) != null) {
        return false;
      }
    }
    return isLoopbackAddress(servlet.getRemoteAddr());
  }

  static boolean isLoopbackAddress(String address) {
    if (address == null) {
      return false;
    }
    return address.startsWith("127.")
        || address.equals("::1")
        || address.equals("0:0:0:0:0:0:0:1")
        || address.equals("[::1]");
  }

  /**
   * A browser marks a request from another site ({@code Sec-Fetch-Site}) and names its origin; curl
   * and scripts send neither.
   */
  static boolean crossSite(ContainerRequestContext request) {
    String site = request.getHeaderString("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return true;
    }
    String origin = request.getHeaderString("Origin");
    if (origin == null) {
      return false;
    }
    String host = request.getHeaderString(HttpHeaders.HOST);
    int scheme = origin.indexOf("://");
    return host == null || scheme < 0 || !origin.substring(scheme + 3).equalsIgnoreCase(host);
  }

  private static Response forbidden(String detail) {
    return Problems.response(
        new Problem(Problem.BASE + "forbidden", "Forbidden", 403, detail, null), -1);
  }
}
