package dev.floe.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.config.IngestLimits;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
  private static RateLimits limits(String eventsPerSecond) {
    RateLimits r = new RateLimits();
    Map<String, String> m = Map.of("floe.rate.events.per.second", eventsPerSecond);
    r.limits = IngestLimits.from(k -> Optional.ofNullable(m.get(k)));
    return r;
  }

  @Test
  void aClientOverItsRateWaitsAndOthersDoNot() {
    RateLimits r = limits("10");
    assertThat(r.events("address 10.0.0.1", 10)).isZero();
    assertThat(r.events("address 10.0.0.1", 5)).isPositive();
    assertThat(r.events("address 10.0.0.2", 5)).isZero();
  }

  @Test
  void aFloodOfAddressesNeverTracksMoreThanTheBound() {
    RateLimits r = limits("1000");
    for (int i = 0; i < RateLimits.MAX_CLIENTS + 5_000; i++) {
      r.events("address " + i, 1);
    }
    assertThat(r.tracked()).isLessThanOrEqualTo(RateLimits.MAX_CLIENTS);
  }
}
