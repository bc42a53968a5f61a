package dev.floe.metrics;

import dev.floe.config.FloeSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** One {@link FloeStats} per application, for CDI beans and the plain objects they build. */
@ApplicationScoped
public class StatsProducer {
  private final FloeStats stats = new FloeStats();

  @Inject FloeSettings settings;

  @PostConstruct
  void limits() {
    long budget = settings.buffers().maxBytes();
    stats.budgetUsed.source(() -> stats.bufferedBytes.get() / budget);
    long walMax = settings.wal().enabled() ? settings.wal().maxBytes() : 0;
    stats.walBytesMax.source(() -> walMax);
  }

  @Produces
  public FloeStats stats() {
    return stats;
  }
}
