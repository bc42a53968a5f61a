package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.SeedEvents;
import dev.floe.it.harness.Harness;
import dev.floe.testing.PlainObjects;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * USE_ICEBERG=false on the real Payara Micro, in a local folder: the seed's events land as gzipped
 * NDJSON CloudEvents in the seed's partition folders, and the debug, health and status endpoints
 * answer without a table.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlainObjectsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PARTITION = "type=page.view/year=2024/month=01/day=15/hour=";

  @RegisterExtension
  static final Harness harness =
      Harness.with()
          .floe(
              b ->
                  b.env("USE_ICEBERG", "false")
                      .env("FLOE_TRUST_CF_HEADERS", true)) // the seed's requests: via Cloudflare
          .build();

  private static Map<String, byte[]> objects() {
    return PlainObjects.in(harness.warehouse().resolve(Harness.LOCATION));
  }

  @Test
  @Order(1)
  void seedEventsLandAsCloudEventsOneALine() throws Exception {
    Http http = harness.floe().http();
    SeedEvents.send(http);
    HttpResponse<String> r = http.flush("page.view");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode flushed = JSON.readTree(r.body());
    assertThat(flushed.get("snapshot_id").isNull()).as(r.body()).isTrue();

    Map<String, byte[]> objects = objects();
    assertThat(objects.keySet())
        .hasSize(2)
        .anyMatch(k -> k.matches(PARTITION + "14/[^/]+-0{18}1\\.ndjson\\.gz"))
        .anyMatch(k -> k.matches(PARTITION + "15/[^/]+\\.ndjson\\.gz"));
    Map<String, JsonNode> events =
        PlainObjects.events(objects).stream()
            .collect(Collectors.toMap(e -> e.get("id").asText(), e -> e));
    assertThat(events).containsOnlyKeys("123", "124", "125", "126");
    JsonNode e = events.get("123");
    assertThat(e.get("specversion").asText()).isEqualTo("1.0");
    assertThat(e.get("source").asText()).isEqualTo("website");
    assertThat(e.get("time").asText()).isEqualTo("2024-01-15T14:30:00Z");
    assertThat(e.get("subject").asText()).isEqualTo("home");
    assertThat(e.get("dataschema").asText()).isEqualTo("https://example.com/s");
    assertThat(e.get("data")).isEqualTo(JSON.readTree("{\"page\":\"/home\"}"));
    assertThat(e.get("traceparent").asText()).isEqualTo("00-ab-01");
    assertThat(e.get("cfcolo").asText()).isEqualTo("SJC");
    assertThat(e.get("cfcountry").asText()).isEqualTo("US");
    assertThat(e.get("cfcity").asText()).isEqualTo("San Jose");
    assertThat(e.get("cfpostalcode").asText()).isEqualTo("95113");
    assertThat(e.get("cfhttpprotocol").asText()).isEqualTo("HTTP/1.1");
    assertThat(e.has("cftlsversion")).isFalse();
    JsonNode binary = events.get("126");
    assertThat(binary.get("source").asText()).isEqualTo("binary mode");
    assertThat(binary.get("data").asText()).isEqualTo("hello");
    assertThat(binary.get("myext").asText()).isEqualTo("vé");
    assertThat(binary.has("cfcountry")).isFalse();
  }

  @Test
  @Order(2)
  void debugHealthAndStatusAnswerWithoutATable() throws Exception {
    Http http = harness.floe().http();
    http.accept("s-1", "status.test");
    JsonNode status = JSON.readTree(http.get("debug/status/status.test").body());
    assertThat(status.get("buffered_count").asInt()).isEqualTo(1);

    HttpResponse<String> ready = http.get("health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("objects-local").doesNotContain("\"table\"");

    long deadline = System.currentTimeMillis() + 30_000; // the storage watch runs every 5 s
    while (!http.get("health/ready").body().contains("\"storage\":\"UP\"")
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
    }
    assertThat(http.get("health/ready").body()).contains("\"storage\":\"UP\"");

    JsonNode stats = JSON.readTree(http.get("admin/stats").body());
    assertThat(stats.get("catalog").asText()).isEqualTo("objects-local");
    assertThat(stats.get("snapshots_committed").isNull()).isTrue();
    assertThat(stats.get("events_committed").asLong()).isEqualTo(4);

    HttpResponse<String> maintenance = http.post("admin/maintenance", "application/json", "");
    assertThat(maintenance.statusCode()).as(maintenance.body()).isEqualTo(409);
    assertThat(maintenance.body()).contains("USE_ICEBERG=false");

    HttpResponse<String> query = http.get("query?type=status.test");
    assertThat(query.statusCode()).as(query.body()).isEqualTo(409);
    assertThat(query.body()).contains("USE_ICEBERG=false");

    assertThat(http.flush("status.test").statusCode()).isEqualTo(200);
    JsonNode listed = JSON.readTree(http.get("debug/list-r2?limit=100").body());
    List<String> keys = listed.get("objects").findValuesAsText("key");
    assertThat(keys)
        .as(listed.toString())
        .anyMatch(k -> k.startsWith(Harness.LOCATION + "/type=status.test/"))
        .anyMatch(k -> k.matches(Harness.LOCATION + "/_floe/positions/[^/]+\\.json"))
        .noneMatch(k -> k.contains("/metadata/"));
    assertThat(PlainObjects.ids(objects())).contains("s-1");

    String metrics = http.get("metrics").body();
    assertThat(metrics).containsPattern("floe_events_committed\\w*(\\{[^}]*\\})? 5(\\.0)?\\b");
  }
}
