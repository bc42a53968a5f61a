package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Floe on the real Payara Micro with its table in a bucket of a real S3-compatible server,
 * configured by the seed's environment variables: rows read back from {@code s3://}, the bucket
 * laid out as the seed's, and an outage of the server that loses nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3EndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "floe-events";
  private static final String LOCATION = "analytics/events";

  @TempDir static Path dir;
  private static S3Proxy s3;
  private static FloeServer floe;

  @BeforeAll
  static void start() {
    s3 = S3Proxy.start(dir.resolve("s3"));
    s3.createBucket(BUCKET);
    floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(FloeServer.logFor("S3EndToEndIT"))
            .storage(s3, BUCKET, s3.secretKey())
            .env("ICEBERG_BUFFER_TIMEOUT_MS", 2000)
            .env("FLOE_FLUSH_RETRY_MAX_MS", 2000)
            .build()
            .start()
            .awaitReady(FloeServer.START_TIMEOUT);
  }

  @AfterAll
  static void stop() {
    if (floe != null) {
      floe.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  private static S3Client client() {
    return s3.client();
  }

  @Test
  @Order(1)
  void seedEventsLandInTheBucketWithEveryColumn() throws Exception {
    Http http = floe.http();
    SeedEvents.send(http);
    HttpResponse<String> r = http.post("debug/flush/page.view", "application/json", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    long snapshotId = JSON.readTree(r.body()).get("snapshot_id").asLong();

    Table table = BucketTable.load(client(), BUCKET, LOCATION);
    assertThat(table.location()).isEqualTo("s3://" + BUCKET + "/" + LOCATION);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(snapshotId);
    Map<String, Record> rows =
        TableRows.ofType(table, "page.view").stream()
            .collect(Collectors.toMap(x -> (String) x.getField("id"), x -> x));
    assertThat(rows).hasSize(4);
    SeedEvents.assertRows(rows);

    List<String> keys = BucketTable.keys(client(), BUCKET, "");
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
          floe.http().get("debug/list-r2?limit=3" + (after == null ? "" : "&after=" + after));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(r.body());
      body.get("objects").forEach(o -> listed.add(o.get("key").asText()));
      assertThat(body.get("objects").size()).isLessThanOrEqualTo(3);
      after = body.get("next_after").isNull() ? null : body.get("next_after").asText();
      pages++;
    } while (after != null && pages < 100);
    assertThat(listed).isEqualTo(BucketTable.keys(client(), BUCKET, LOCATION + "/"));
    assertThat(pages).isGreaterThan(1);
  }

  @Test
  @Order(3)
  void anOutageOfTheStoreLosesNothing() throws Exception {
    Http http = floe.http();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      sent.add(accept(http, "before-" + i));
    }
    s3.stop();
    for (int i = 0; i < 30; i++) {
      sent.add(accept(http, "during-" + i));
    }
    JsonNode down = JSON.readTree(floe.awaitReadiness(503, Duration.ofSeconds(60)));
    assertThat(down.toString()).contains("cannot connect to storage at " + s3.endpoint());
    HttpResponse<String> flush = http.post("debug/flush/outage.test", "application/json", "");
    assertThat(flush.statusCode()).as(flush.body()).isEqualTo(503);

    s3.restart();
    floe.awaitReadiness(200, Duration.ofSeconds(60));
    for (int i = 0; i < 10; i++) {
      sent.add(accept(http, "after-" + i));
    }
    long deadline = System.currentTimeMillis() + 60_000;
    List<String> ids = List.of();
    while (System.currentTimeMillis() < deadline) {
      ids = ids();
      if (ids.size() >= sent.size()) {
        break;
      }
      Thread.sleep(1000);
    }
    assertThat(ids)
        .as("every accepted event, exactly once")
        .containsExactlyInAnyOrderElementsOf(sent);
  }

  private static String accept(Http http, String id) {
    HttpResponse<String> r =
        http.post("events", "application/json", Http.event(id, "outage.test", null));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return id;
  }

  private static List<String> ids() {
    return TableRows.idsOfType(BucketTable.load(client(), BUCKET, LOCATION), "outage.test");
  }
}
