package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bucket goes away under a running node: readiness stays UP (the node keeps taking events into
 * its write-ahead log), the background check and {@code floe_storage_up} say the storage is down,
 * and once the bucket is back every event accepted meanwhile is in the table, once.
 */
class StorageOutageIT {
  private static final Duration SEEN = Duration.ofSeconds(60);

  @RegisterExtension
  static final Harness harness =
      Harness.with()
          .s3("floe-events")
          .floe(f -> f.env("ICEBERG_BUFFER_TIMEOUT_MS", 1000).env("FLOE_FLUSH_RETRY_MAX_MS", 2000))
          .build();

  @Test
  void readyWhileTheBucketIsDownAndEveryAcceptedEventLandsOnceItIsBack() {
    FloeServer floe = harness.floe();
    Http http = floe.http();
    floe.awaitReadyWith("\"storage\":\"UP\"", SEEN);
    assertThat(metrics(http)).contains("floe_storage_up 1").contains("floe_catalog_up 1");
    http.accept("before", "outage.test");
    assertThat(harness.awaitIds("outage.test", 1, SEEN)).containsExactly("before");

    harness.s3().stop();
    String ready = floe.awaitReadyWith("\"storage\":\"DOWN\"", SEEN);
    assertThat(ready).contains("\"status\":\"UP\"").contains("storage_reason");
    assertThat(metrics(http)).contains("floe_storage_up 0").contains("floe_ready 1");

    List<String> during = http.acceptMany("during", 20, "outage.test"); // each asserts its 202
    HttpResponse<String> stillReady = http.get("health/ready");
    assertThat(stillReady.statusCode()).as(stillReady.body()).isEqualTo(200);
    assertThat(http.get("admin/stats").body()).contains("\"storage\":\"DOWN: ");

    harness.s3().restart();
    floe.awaitReadyWith("\"storage\":\"UP\"", SEEN);
    List<String> ids = harness.awaitIds("outage.test", 21, Duration.ofSeconds(120));
    assertThat(ids).hasSize(21).doesNotHaveDuplicates().contains("before").containsAll(during);
    assertThat(metrics(http)).contains("floe_storage_up 1");
  }

  private static String metrics(Http http) {
    return http.get("admin/metrics").body();
  }
}
