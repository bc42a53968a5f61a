package dev.floe.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Reads {@link DeadLetterSettings} once from MicroProfile Config; start-up fails on a bad entry.
 */
@ApplicationScoped
public class DeadLetterProducer {
  private static final Logger LOG = Logger.getLogger(DeadLetterProducer.class.getName());

  @Inject Config config;

  private volatile DeadLetterSettings settings;

  void atStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    deadLetters();
  }

  @Produces
  public DeadLetterSettings deadLetters() {
    DeadLetterSettings s = settings;
    if (s == null) {
      synchronized (this) {
        if (settings == null) {
          settings = DeadLetterSettings.from(key -> config.getOptionalValue(key, String.class));
          LOG.info("Floe dead letters: " + settings);
        }
        s = settings;
      }
    }
    return s;
  }
}
