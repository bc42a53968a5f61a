package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Floe on the real server, its bucket on a store that accepts {@code If-None-Match: *} and
 * overwrites anyway: the start-up check finds it, and the node says so in its health, its metrics
 * and its log, while it keeps taking events into its log.
 */
class CommitRefusalIT {
  @TempDir Path dir;

  @Test
  void aStoreIgnoringConditionalWritesIsRefusedWithTheStoreNamed() throws Exception {
    try (FakeS3 s3 = new FakeS3().ignoringConditions();
        FloeServer floe =
            FloeServer.builder(dir.resolve("payara"))
                .logFile(FloeServer.logFor("CommitRefusalIT"))
                .env("R2_ENDPOINT", s3.endpoint())
                .env("R2_BUCKET", "bucket")
                .env("R2_ACCESS_KEY_ID", "fake-access-key")
                .env("R2_SECRET_ACCESS_KEY", "fake-secret-key")
                .env("ICEBERG_BUFFER_TIMEOUT_MS", 1000)
                .build()
                .start()
                .awaitDeployed(FloeServer.START_TIMEOUT)) {
      String health = floe.awaitReadiness(503, Duration.ofSeconds(60));
      assertThat(health)
          .contains("floe-commits")
          .contains(s3.endpoint())
          .contains("If-None-Match")
          .contains("FLOE_SINGLE_WRITER")
          .doesNotContain("fake-secret-key");
      assertThat(floe.http().get("admin/metrics").body())
          .containsPattern("floe_commits_refused(\\{[^}]*\\})? 1(\\.0)?\\b");
      assertThat(floe.log()).contains("SEVERE").contains(s3.endpoint());

      // events are still taken into the log; none reaches the bucket
      assertThat(
              floe.http()
                  .post("events", "application/json", Http.event("r1", "refused.a", null))
                  .statusCode())
          .isEqualTo(202);
      Thread.sleep(3000); // a few flush attempts
      assertThat(s3.objects().keySet()).noneMatch(k -> k.endsWith(".metadata.json"));
      assertThat(s3.objects().keySet()).noneMatch(k -> k.endsWith(".parquet"));
    }
  }
}
