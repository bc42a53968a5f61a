package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.S3Proxy;
import dev.floe.it.fixtures.SeedEvents;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Floe on the real Payara Micro with its table in a bucket of a real S3-compatible server,
 * configured by the seed's environment variables: rows read back from {@code s3://}, the bucket
 * laid out as the seed's, and an outage of the server that loses nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3EndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "floe-events";
  private static final String LOCATION = Harness.LOCATION;

  @RegisterExtension
  static final Harness harness =
      Harness.with()
          .s3(BUCKET)
          .floe(f -> f.quickRecovery().env("FLOE_TRUST_CF_HEADERS", true)) // seed: via Cloudflare
          .build();

  @Test
  @Order(1)
  void seedEventsLandInTheBucketWithEveryColumn() throws Exception {
    Http http = harness.floe().http();
    SeedEvents.send(http);
    HttpResponse<String> r = http.flush("page.view");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    long snapshotId = JSON.readTree(r.body()).get("snapshot_id").asLong();

    Table table = harness.table();
    assertThat(table.location()).isEqualTo("s3://" + BUCKET + "/" + LOCATION);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(snapshotId);
    Map<String, Record> rows = TestTables.rowsById(table, "page.view");
    assertThat(rows).hasSize(4);
    SeedEvents.assertRows(rows);

    List<String> keys = harness.s3().keys(BUCKET, "");
    assertThat(keys)
        .allMatch(k -> k.startsWith(LOCATION + "/data/") || k.startsWith(LOCATION + "/metadata/"))
        .anyMatch(k -> k.matches(LOCATION + "/metadata/v1\\.metadata\\.json"))
        .anyMatch(k -> k.equals(LOCATION + "/metadata/version-hint.text"))
        .anyMatch(k -> k.matches(LOCATION + "/metadata/snap-.*\\.avro"))
        .anyMatch(
            k ->
                k.matches(
                    LOCATION
                        + "/data/type=page\\.view/year=2024/month=01/day=15/hour=14/[^/]+\\.parquet"))
        .anyMatch(
            k ->
                k.matches(
                    LOCATION
                        + "/data/type=page\\.view/year=2024/month=01/day=15/hour=15/[^/]+\\.parquet"));
    assertThat(keys).noneMatch(k -> k.contains(".floe-warmup"));
  }

  @Test
  @Order(2)
  void listR2PagesThroughTheBucket() throws Exception {
    List<String> listed = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      HttpResponse<String> r =
          harness
              .floe()
              .http()
              .get("debug/list-r2?limit=3" + (after == null ? "" : "&after=" + after));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(r.body());
      body.get("objects").forEach(o -> listed.add(o.get("key").asText()));
      assertThat(body.get("objects").size()).isLessThanOrEqualTo(3);
      after = body.get("next_after").isNull() ? null : body.get("next_after").asText();
      pages++;
    } while (after != null && pages < 100);
    assertThat(listed).isEqualTo(harness.s3().keys(BUCKET, LOCATION + "/"));
    assertThat(pages).isGreaterThan(1);
  }

  @Test
  @Order(3)
  void anOutageOfTheStoreLosesNothing() throws Exception {
    FloeServer floe = harness.floe();
    S3Proxy s3 = harness.s3();
    Http http = floe.http();
    List<String> sent = new ArrayList<>(http.acceptMany("before-", 30, "outage.test"));
    s3.stop();
    sent.addAll(http.acceptMany("during-", 30, "outage.test"));
    // still ready: the node takes events into its log; the storage check says what is wrong
    JsonNode down =
        JSON.readTree(floe.awaitReadyWith("\"storage\":\"DOWN\"", Duration.ofSeconds(60)));
    assertThat(down.toString()).contains("cannot connect to storage at " + s3.endpoint());
    HttpResponse<String> flush = http.flush("outage.test");
    assertThat(flush.statusCode()).as(flush.body()).isEqualTo(503);

    s3.restart();
    floe.awaitReadyWith("\"storage\":\"UP\"", Duration.ofSeconds(60));
    sent.addAll(http.acceptMany("after-", 10, "outage.test"));
    List<String> ids = harness.awaitIds("outage.test", sent.size(), Duration.ofSeconds(60));
    assertThat(ids)
        .as("every accepted event, exactly once")
        .containsExactlyInAnyOrderElementsOf(sent);
  }
}
