package dev.floe.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** One {@link FloeStats} per application, for CDI beans and the plain objects they build. */
@ApplicationScoped
public class StatsProducer {
  private final FloeStats stats = new FloeStats();

  @Produces
  public FloeStats stats() {
    return stats;
  }
}
