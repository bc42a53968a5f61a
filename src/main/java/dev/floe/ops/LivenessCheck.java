package dev.floe.ops;

import dev.floe.buffer.PartitionBuffers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Alive while the flush timer keeps ticking and no flush hangs. */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {
  static final long TIMER_STALE_MS = 30_000;
  static final long FLUSH_STUCK_MS = 10 * 60_000;

  @Inject PartitionBuffers buffers;

  @Override
  public HealthCheckResponse call() {
    long now = System.currentTimeMillis();
    long sinceTick = now - buffers.lastTickMillis();
    long since = buffers.flushRunningSinceMillis();
    long flushMs = since == 0 ? 0 : now - since;
    return HealthCheckResponse.named("floe-buffers")
        .status(sinceTick < TIMER_STALE_MS && flushMs < FLUSH_STUCK_MS)
        .withData("ms_since_timer_tick", sinceTick)
        .withData("running_flush_ms", flushMs)
        .withData("pending_events", buffers.pendingEvents())
        .build();
  }
}
