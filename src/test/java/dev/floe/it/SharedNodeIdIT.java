package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 11 on the real server: two Floe processes share {@code FLOE_NODE_ID} on one table.
 * The one whose positions moved under it refuses to commit and says so: the {@code floe-commits}
 * check is DOWN with the reason, and {@code floe_commits_refused} is 1. Its acknowledged event
 * stays in its log and lands once it runs under its own node id.
 */
class SharedNodeIdIT {
  private static final Pattern BLOCKED =
      Pattern.compile("(?m)^floe_commits_refused(\\{[^}]*\\})? 1(\\.0)?$");

  @TempDir Path dir;

  private FloeServer.Builder server(String name, Path warehouse, String nodeId) {
    return FloeServer.builder(dir.resolve(name))
        .logFile(FloeServer.logFor("SharedNodeIdIT-" + name))
        .property("floe.warehouse", warehouse)
        .property("floe.node.id", nodeId)
        .property("floe.flush.retry.max.ms", 1000)
        .property("iceberg.buffer.timeout.ms", 3_600_000);
  }

  @Test
  void theProcessThatLostItsPositionsSaysSoAndKeepsItsEvents() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    try (FloeServer a = server("a", warehouse, "shared").build();
        FloeServer b = server("b", warehouse, "shared").build()) {
      a.start().awaitReady(FloeServer.START_TIMEOUT); // one at a time: two cold starts at once
      b.start().awaitReady(FloeServer.START_TIMEOUT); // outlast the timeout on a busy machine
      accept(a.http(), "from-a");
      assertThat(flush(a.http()).statusCode()).isEqualTo(200);
      accept(b.http(), "from-b");
      HttpResponse<String> refused = flush(b.http());
      assertThat(refused.statusCode()).as(refused.body()).isNotEqualTo(200);

      HttpResponse<String> ready = b.http().get("health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
      assertThat(ready.body()).contains("floe-commits").contains("FLOE_NODE_ID=shared");
      assertThat(b.http().get("health/live").statusCode())
          .as("no restart: it is not wedged, it waits for the operator")
          .isEqualTo(200);
      assertThat(b.http().get("admin/metrics").body()).containsPattern(BLOCKED);
      assertThat(a.http().get("health/ready").statusCode()).isEqualTo(200);
      b.kill();
    }

    // the operator gives the second process its own id; its log still holds the event
    try (FloeServer b = server("b", warehouse, "node-b").build()) {
      b.start().awaitReady(FloeServer.START_TIMEOUT);
      assertThat(flush(b.http()).statusCode()).isEqualTo(200);
      assertThat(b.http().get("health/ready").statusCode()).isEqualTo(200);
    }
    List<String> ids =
        TestTables.rows(TestTables.load(warehouse.resolve("analytics/events"))).stream()
            .map(r -> (String) r.getField("id"))
            .toList();
    assertThat(ids).containsExactlyInAnyOrder("from-a", "from-b");
  }

  private static void accept(Http http, String id) {
    HttpResponse<String> r =
        http.post("events", "application/json", Http.event(id, "shared.test", null));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  private static HttpResponse<String> flush(Http http) {
    return http.post("debug/flush", "application/json", "");
  }
}
