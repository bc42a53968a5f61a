package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Floe with a token the REST catalog rejects: readiness stays UP and its catalog check names the
 * 401, events are still accepted and kept, neither token appears in any answer or log line, and
 * once the token is fixed and Floe restarted every one of those events is in the table.
 */
class RestTokenIT {
  private static final String RIGHT = "right-catalog-token-7a6b5c4d";
  private static final String WRONG = "wrong-catalog-token-9e8f7a6b";

  @RegisterExtension
  static final Harness harness =
      Harness.with()
          .restCatalog("lake", RIGHT)
          .floe(f -> f.env("R2_CATALOG_AUTH_TOKEN", WRONG).env("ICEBERG_BUFFER_TIMEOUT_MS", 1000))
          .awaitDeployedOnly()
          .build();

  @Test
  void aRejectedTokenIsNamedAndNeverShown() throws Exception {
    FloeServer floe = harness.floe();
    Http http = floe.http().recording();

    floe.awaitReadyWith("\"catalog_state\":\"DOWN\"", java.time.Duration.ofSeconds(60));
    HttpResponse<String> ready = http.get("health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("rejected the token (401");
    assertThat(http.get("admin/metrics").body()).contains("floe_catalog_up 0");
    assertThat(harness.rest().requests()).anyMatch(r -> r.status() == 401);

    for (int i = 0; i < 5; i++) {
      http.accept("t" + i, "token.test");
    }
    HttpResponse<String> flush = http.flush();
    assertThat(flush.statusCode()).isEqualTo(503);
    assertThat(flush.body()).contains("401");
    HttpResponse<String> tables = http.get("debug/tables");
    assertThat(tables.statusCode()).isEqualTo(503);
    http.get("debug/list-r2");
    http.get("health");

    Thread.sleep(2500); // timer flushes fail and log
    floe.stop();
    String log = floe.log();
    assertThat(log).contains("rejected the token (401");
    assertThat(http.answers())
        .hasSize(11)
        .allSatisfy(text -> assertThat(text).doesNotContain(WRONG).doesNotContain(RIGHT));
    assertThat(log).doesNotContain(WRONG).doesNotContain(RIGHT).doesNotContain("9e8f7a6b");

    // the token is fixed and Floe restarted: the events it took meanwhile come back from its log
    try (FloeServer fixed =
        harness.newFloe("RestTokenIT-fixed").env("ICEBERG_BUFFER_TIMEOUT_MS", 1000).build()) {
      fixed.start().awaitReady(FloeServer.START_TIMEOUT);
      HttpResponse<String> flushed = fixed.http().flush();
      assertThat(flushed.statusCode()).as(flushed.body()).isEqualTo(200);
    }
    assertThat(TestTables.ids(harness.table(), "token.test"))
        .containsExactlyInAnyOrder("t0", "t1", "t2", "t3", "t4");
  }
}
