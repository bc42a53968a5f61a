package dev.floe.ops;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the catalog answers and the table is loaded. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
  @Inject CatalogStrategy catalog;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder r =
        HealthCheckResponse.named("floe-catalog").withData("catalog", catalog.kind());
    try {
      catalog.check();
      return r.up().withData("table", catalog.table().name()).build();
    } catch (Exception e) {
      return r.down().withData("reason", Failures.reason(e)).build();
    }
  }
}
