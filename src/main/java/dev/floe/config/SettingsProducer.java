package dev.floe.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Reads {@link FloeSettings} once from MicroProfile Config and hands the same value to everyone.
 */
@ApplicationScoped
public class SettingsProducer {
  private static final Logger LOG = Logger.getLogger(SettingsProducer.class.getName());

  @Inject Config config;

  private volatile FloeSettings settings;

  @Produces
  public FloeSettings settings() {
    FloeSettings s = settings;
    if (s == null) {
      synchronized (this) {
        if (settings == null) {
          settings = FloeSettings.from(key -> config.getOptionalValue(key, String.class));
          LOG.info("Floe " + Version.value() + " settings: " + settings.describe());
        }
        s = settings;
      }
    }
    return s;
  }
}
