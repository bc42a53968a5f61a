package dev.floe.ops;

import dev.floe.buffer.PartitionBuffers;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.metrics.FloeStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether this node may commit at all: DOWN, with the reason, while it refuses to (a direct
 * catalog's store that ignores conditional writes, with several writers possible; another process
 * committing under this node's {@code FLOE_NODE_ID}). Such a node could keep taking events but
 * never land them; only the operator can change that, so the node leaves the load balancer. Read
 * from state the catalog and the buffers keep: no storage request per probe. The {@code
 * floe_commits_refused} gauge says the same for alerts. A storage or catalog outage never makes it
 * DOWN: that ends by itself.
 */
@Readiness
@ApplicationScoped
public class CommitCheck implements HealthCheck {
  @Inject CatalogStrategy catalog;
  @Inject PartitionBuffers buffers;
  @Inject FloeStats stats;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    stats.commitsRefused.source(() -> refusal().isPresent() ? 1 : 0);
  }

  private Optional<String> refusal() {
    Optional<String> refused = catalog.commitRefusal();
    return refused.isPresent() ? refused : Optional.ofNullable(buffers.commitBlocked());
  }

  @Override
  public HealthCheckResponse call() {
    Optional<String> refused = refusal();
    HealthCheckResponseBuilder r =
        HealthCheckResponse.named("floe-commits").withData("catalog", catalog.kind());
    return refused.isPresent()
        ? r.down().withData("reason", refused.get()).build()
        : r.up().build();
  }
}
