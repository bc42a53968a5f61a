package dev.floe.ops;

import dev.floe.buffer.PartitionBuffers;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.Failures;
import dev.floe.metrics.FloeStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the catalog answers, the table is loaded, and events replayed from the write-ahead log
 * have been checked against the table.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
  @Inject CatalogStrategy catalog;
  @Inject PartitionBuffers buffers;
  @Inject FloeStats stats;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponse answer = check();
    stats.readiness(answer.getStatus() == HealthCheckResponse.Status.UP);
    return answer;
  }

  private HealthCheckResponse check() {
    double budget = buffers.budgetUsed();
    HealthCheckResponseBuilder r =
        HealthCheckResponse.named("floe-catalog")
            .withData("catalog", catalog.kind())
            .withData("buffered_events", buffers.pendingEvents())
            .withData("buffer_budget_used_percent", Math.round(budget * 100));
    String damage = buffers.walDamage();
    if (damage != null) {
      r.withData("wal_damage", damage); // past loss: said here, not a reason to stop taking events
    }
    try {
      catalog.check();
      r.withData("table", catalog.table().name());
      String replay = buffers.replayPending();
      if (replay != null) {
        return r.down().withData("reason", replay).build();
      }
      if (budget >= 1) {
        return r.down()
            .withData(
                "reason",
                "the buffers' memory budget is full (FLOE_MAX_BUFFER_MB); new events get 503")
            .build();
      }
      return r.up().build();
    } catch (Exception e) {
      return r.down().withData("reason", Failures.reason(e)).build();
    }
  }
}
