package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.Harness;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A full write-ahead log refuses with 503 + Retry-After, never a 2xx it cannot keep, and takes the
 * node out of readiness until a flush frees it.
 */
class WalDiskBudgetIT {
  @RegisterExtension
  static final Harness harness =
      Harness.with().floe(f -> f.noTimedFlush().env("FLOE_WAL_MAX_BYTES", 65536)).build();

  @Test
  void aFullLogRefusesUntilAFlushFreesIt() {
    Http http = harness.floe().http();
    int accepted = 0;
    HttpResponse<String> refused = null;
    for (int i = 0; i < 10_000 && refused == null; i++) {
      HttpResponse<String> r =
          http.post("events", "application/json", Http.event("d" + i, "disk.test", null));
      if (r.statusCode() == 202) {
        accepted++;
      } else {
        refused = r;
      }
    }
    assertThat(accepted).as("events that fit in 64 KiB of log").isBetween(50, 1000);
    assertThat(refused).isNotNull();
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body()).contains("write-ahead log").contains("FLOE_WAL_MAX_BYTES");
    HttpResponse<String> full = http.get("health/ready");
    assertThat(full.statusCode()).as(full.body()).isEqualTo(503);
    assertThat(full.body()).contains("write-ahead log is full").contains("FLOE_WAL_MAX_BYTES");

    HttpResponse<String> flush = http.flush();
    assertThat(flush.statusCode()).as(flush.body()).isEqualTo(200);
    http.accept("after", "disk.test");
    harness.floe().awaitReady(java.time.Duration.ofSeconds(10));
  }
}
