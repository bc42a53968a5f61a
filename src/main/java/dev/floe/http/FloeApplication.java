package dev.floe.http;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** The JAX-RS application: every resource and provider of the WAR, served from the root. */
@ApplicationPath("/")
public class FloeApplication extends Application {

  /**
   * Jersey-specific switches, ignored elsewhere: no generated WADL (it describes every endpoint to
   * anyone who sends OPTIONS), and a bare error status is set, not sent as the container's error
   * page.
   */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of(
        "jersey.config.server.wadl.disableWadl", true,
        "jersey.config.server.response.setStatusOverSendError", true);
  }
}
