package dev.floe.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/** Reads {@link AccessSettings} once from MicroProfile Config; start-up fails on a bad entry. */
@ApplicationScoped
public class AccessProducer {
  private static final Logger LOG = Logger.getLogger(AccessProducer.class.getName());

  @Inject Config config;

  private volatile AccessSettings access;

  @Produces
  public AccessSettings access() {
    AccessSettings a = access;
    if (a == null) {
      synchronized (this) {
        if (access == null) {
          access = AccessSettings.from(key -> config.getOptionalValue(key, String.class));
          LOG.info("Floe access: " + access);
        }
        a = access;
      }
    }
    return a;
  }
}
