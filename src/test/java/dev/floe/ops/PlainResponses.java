package dev.floe.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/** Health responses without a server: what the server's builder would make, for unit tests. */
final class PlainResponses extends HealthCheckResponseBuilder {
  private String name;
  private boolean up;
  private final Map<String, Object> data = new LinkedHashMap<>();

  /** Makes {@link HealthCheckResponse#named} work outside a server. */
  static void install() {
    HealthCheckResponse.setResponseProvider(PlainResponses::new);
  }

  @Override
  public HealthCheckResponseBuilder name(String name) {
    this.name = name;
    return this;
  }

  @Override
  public HealthCheckResponseBuilder withData(String key, String value) {
    data.put(key, value);
    return this;
  }

  @Override
  public HealthCheckResponseBuilder withData(String key, long value) {
    data.put(key, value);
    return this;
  }

  @Override
  public HealthCheckResponseBuilder withData(String key, boolean value) {
    data.put(key, value);
    return this;
  }

  @Override
  public HealthCheckResponseBuilder up() {
    return status(true);
  }

  @Override
  public HealthCheckResponseBuilder down() {
    return status(false);
  }

  @Override
  public HealthCheckResponseBuilder status(boolean up) {
    this.up = up;
    return this;
  }

  @Override
  public HealthCheckResponse build() {
    return new HealthCheckResponse(
        name,
        up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
        Optional.of(Map.copyOf(data)));
  }
}
