package dev.floe.ops;

import dev.floe.buffer.PartitionBuffers;
import dev.floe.config.FloeSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Started once the settings were read, the write-ahead log was opened and replayed into the
 * buffers, and the warm-up flush ran: all of that happens before the buffers bean exists.
 */
@Startup
@ApplicationScoped
public class StartupCheck implements HealthCheck {
  @Inject FloeSettings settings;
  @Inject PartitionBuffers buffers;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("floe-started")
        .withData("ack", settings.wal().ack())
        .withData("buffered_events", buffers.pendingEvents())
        .up()
        .build();
  }
}
