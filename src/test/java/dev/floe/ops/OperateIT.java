package dev.floe.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator gets on a real server: JSON log lines with commit fields, the OpenAPI document
 * listing every path, its page under /admin, problem type pages, Floe's version, and the new
 * figures (histogram buckets, last commit, build info, accepted per type).
 */
class OperateIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void jsonLogsOpenApiProblemPagesVersionAndFigures() throws Exception {
    try (FloeServer floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(FloeServer.logFor("OperateIT"))
            .property("floe.warehouse", dir.resolve("warehouse"))
            .property("iceberg.buffer.timeout.ms", 3_600_000)
            .env("FLOE_LOG_FORMAT", "json")
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = floe.http();
      for (int i = 0; i < 3; i++) {
        assertThat(
                http.post("events", "application/json", Http.event("o" + i, "ops.test", null))
                    .statusCode())
            .isEqualTo(202);
      }
      JsonNode flushed =
          JSON.readTree(http.post("debug/flush/ops.test", "application/json", "").body());
      long snapshot = flushed.get("snapshot_id").asLong();

      // JSON logs: from Floe's switch on, every line is one object; the commit line has fields
      List<String> lines = Files.readAllLines(floe.logFile());
      int from = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains("Floe logs as JSON")) {
          from = i;
          break;
        }
      }
      assertThat(from).as("the switch to JSON is logged").isNotNegative();
      List<JsonNode> objects = new ArrayList<>();
      for (String line : lines.subList(from, lines.size())) {
        if (!line.isBlank()) {
          objects.add(JSON.readTree(line)); // throws on a line that is not JSON
        }
      }
      assertThat(objects)
          .allSatisfy(
              o ->
                  assertThat(o.has("level") && o.has("logger") && o.has("message") && o.has("time"))
                      .isTrue());
      assertThat(objects)
          .anySatisfy(
              o -> {
                assertThat(o.path("snapshot").asLong()).isEqualTo(snapshot);
                assertThat(o.path("rows").asLong()).isEqualTo(3);
                assertThat(o.path("table").asText()).endsWith("events");
              });

      // OpenAPI: every operation of Floe's resources, served by the server at /openapi
      HttpResponse<String> openapi = http.get("openapi", "Accept", "application/json");
      assertThat(openapi.statusCode()).isEqualTo(200);
      JsonNode paths = JSON.readTree(openapi.body()).path("paths");
      for (String op : OpenApiDocumentTest.operationsInCode()) {
        String[] mp = op.split(" ", 2);
        assertThat(paths.path(mp[1]).has(mp[0])).as(op).isTrue();
      }
      assertThat(JSON.readTree(openapi.body()).path("info").path("version").asText())
          .doesNotContain("${");
      assertThat(http.get("admin/openapi").body()).contains("openapi");

      // problem pages, public; an unknown slug is a 404 problem
      HttpResponse<String> page = http.get("problems/buffer-full");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("Retry-After");
      assertThat(http.get("problems").body()).contains("invalid-event");
      assertThat(http.get("problems/nope").statusCode()).isEqualTo(404);

      // version and figures
      String version = JSON.readTree(http.get("admin/stats").body()).path("version").asText();
      assertThat(version).isNotBlank().isNotEqualTo("unknown");
      String metrics = http.get("admin/metrics").body();
      assertThat(metrics)
          .contains("floe_build_info{version=\"" + version + "\"} 1")
          .contains("floe_type_accepted_events_total{type=\"ops.test\"} 3")
          .contains("floe_commit_duration_seconds_bucket{le=\"+Inf\"} ")
          .contains("floe_ready 1");
      double last =
          Double.parseDouble(
              metrics
                  .lines()
                  .filter(l -> l.startsWith("floe_last_commit_timestamp_seconds "))
                  .findFirst()
                  .orElseThrow()
                  .split(" ")[1]);
      assertThat(last).isGreaterThan(System.currentTimeMillis() / 1000.0 - 600);
      String mp = http.get("metrics?scope=application").body();
      assertThat(mp)
          .contains("floe_build_info")
          .contains("floe_type_accepted_events")
          .contains("floe_commit_duration_seconds_bucket");
      assertThat(floe.log()).contains("Floe " + version + " settings");
    }
  }
}
