package dev.floe.http;

import dev.floe.config.AccessSettings;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * With {@code FLOE_ADMIN_PORT} set, the admin side ({@code /admin*}, {@code /debug/*}, maintenance)
 * answers only on that port and ingest only on the others, so a firewall or a Kubernetes Service
 * can expose ingest to the internet and keep the admin port private. The other side's paths answer
 * 404 on each port, as if they were not there.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200) // before CORS and both locks: nothing else to say
public class AdminPortFilter implements ContainerRequestFilter {
  @Inject AccessSettings access;
  @Context HttpServletRequest servlet;

  @Override
  public void filter(ContainerRequestContext request) {
    int adminPort = access.adminPort();
    if (adminPort == 0) {
      return;
    }
    String path = request.getUriInfo().getPath();
    boolean wrongSide =
        servlet.getLocalPort() == adminPort
            ? CorsFilter.isIngest(path)
            : AdminAccessFilter.isAdmin(path);
    if (wrongSide) {
      request.abortWith(
          Problems.response(
              new Problem(
                  Problem.ABOUT_BLANK,
                  "Not Found",
                  404,
                  "nothing answers this path on this port",
                  null),
              -1));
    }
  }
}
