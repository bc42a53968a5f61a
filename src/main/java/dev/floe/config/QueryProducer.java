package dev.floe.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/** Reads {@link QuerySettings} once from MicroProfile Config; start-up fails on a bad entry. */
@ApplicationScoped
public class QueryProducer {
  private static final Logger LOG = Logger.getLogger(QueryProducer.class.getName());

  @Inject Config config;

  private volatile QuerySettings settings;

  void atStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    query();
  }

  @Produces
  public QuerySettings query() {
    QuerySettings s = settings;
    if (s == null) {
      synchronized (this) {
        if (settings == null) {
          settings = QuerySettings.from(key -> config.getOptionalValue(key, String.class));
          LOG.info("Floe query: " + settings);
        }
        s = settings;
      }
    }
    return s;
  }
}
