package dev.floe.ops;

import dev.floe.buffer.PartitionBuffers;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.Reachability;
import dev.floe.metrics.FloeStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while this node can take events: the write-ahead log writes and has room, the buffers'
 * budget has room, events replayed at start have been checked against the table, and the node is
 * not stopping. A storage or catalog outage does not make it DOWN (the log keeps every accepted
 * event until the store is back, and taking every node out at once would lose the events instead);
 * it shows in the data ({@code storage}, {@code catalog}, with the reason) and in the {@code
 * floe_storage_up} and {@code floe_catalog_up} gauges, for alerts. Answers from kept state: no
 * probe makes a storage request.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
  @Inject CatalogStrategy catalog;
  @Inject PartitionBuffers buffers;
  @Inject StorageWatch watch;
  @Inject FloeStats stats;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponse answer = check();
    stats.readiness(answer.getStatus() == HealthCheckResponse.Status.UP);
    return answer;
  }

  private HealthCheckResponse check() {
    IntakeState state = IntakeState.of(buffers, stats);
    HealthCheckResponseBuilder r =
        HealthCheckResponse.named("floe-intake")
            .withData("catalog", catalog.kind())
            .withData("buffered_events", buffers.pendingEvents())
            .withData("buffer_budget_used_percent", Math.round(state.budgetUsed() * 100))
            .withData("wal_bytes", (long) state.walBytes());
    link(r, "storage", "storage", watch.storage());
    link(r, "catalog_state", "catalog", watch.catalog());
    String damage = buffers.walDamage();
    if (damage != null) {
      r.withData("wal_damage", damage); // past loss: said here, not a reason to stop taking events
    }
    String refusal = state.refusal();
    return refusal == null ? r.up().build() : r.down().withData("reason", refusal).build();
  }

  /** A dependency's state as data: UP, DOWN or UNKNOWN, the reason unless UP, and since when. */
  private static void link(
      HealthCheckResponseBuilder r, String stateKey, String prefix, Reachability.Link link) {
    r.withData(stateKey, link.state().name());
    if (link.state() != Reachability.State.UP) {
      r.withData(prefix + "_reason", link.reason());
    }
    if (link.sinceMillis() > 0) {
      r.withData(prefix + "_since", Instant.ofEpochMilli(link.sinceMillis()).toString());
    }
  }
}
