package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Floe with a secret key the store does not accept: readiness stays UP (the node takes events into
 * its log) and its storage check names the refusal, events are accepted and kept, and the secret
 * appears in no answer and no log line.
 */
class S3BadCredentialsIT {
  private static final String WRONG_SECRET = "WRONG-s3cr3t-1a2b3c4d5e";

  @RegisterExtension
  static final Harness harness =
      Harness.with()
          .s3("floe-events")
          .floe(
              f ->
                  f.env("R2_SECRET_ACCESS_KEY", WRONG_SECRET)
                      .env("ICEBERG_BUFFER_TIMEOUT_MS", 1000))
          .awaitDeployedOnly()
          .build();

  @Test
  void theProblemIsNamedAndTheSecretNeverShown() throws Exception {
    FloeServer floe = harness.floe();
    Http http = floe.http().recording();

    floe.awaitReadyWith("\"storage\":\"DOWN\"", java.time.Duration.ofSeconds(60));
    HttpResponse<String> ready = http.get("health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("rejected the credentials").contains("403");
    assertThat(http.get("admin/metrics").body()).contains("floe_storage_up 0");

    for (int i = 0; i < 5; i++) {
      http.accept("c" + i, "creds.test");
    }
    HttpResponse<String> flush = http.flush();
    assertThat(flush.statusCode()).isEqualTo(503);
    assertThat(flush.headers().firstValue("Content-Type")).hasValue("application/problem+json");

    HttpResponse<String> list = http.get("debug/list-r2");
    assertThat(list.statusCode()).isEqualTo(503);
    assertThat(list.body()).contains("rejected the credentials");

    HttpResponse<String> status = http.get("debug/status/creds.test");
    assertThat(status.statusCode()).isEqualTo(200);
    var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(status.body());
    assertThat(body.get("buffered_count").asInt() + body.get("in_flight_count").asInt())
        .as("events kept while storage refuses them: " + status.body())
        .isEqualTo(5);

    http.get("health");
    Thread.sleep(3000); // a few timer flushes fail and log
    floe.stop();

    assertThat(floe.log()).contains("rejected the credentials");
    assertThat(http.answers())
        .hasSize(11)
        .allSatisfy(
            text -> assertThat(text).doesNotContain(WRONG_SECRET).doesNotContain("1a2b3c4d5e"));
    assertThat(floe.log()).doesNotContain(WRONG_SECRET).doesNotContain("1a2b3c4d5e");
  }
}
