package dev.floe.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.S3Proxy;
import dev.floe.it.harness.FloeServer;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Maintenance with the table in a bucket (s3proxy): a pass compacts, and deletes the orphan objects
 * under the table location (listed through S3FileIO) but nothing outside it.
 */
class S3MaintenanceIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "floe-maint";
  private static final String LOCATION = "analytics/events";

  @TempDir Path dir;

  @Test
  void aPassCompactsAndDeletesOrphanObjectsInsideTheTableOnly() throws Exception {
    try (S3Proxy s3 = S3Proxy.start(dir.resolve("s3"))) {
      s3.createBucket(BUCKET);
      try (FloeServer floe =
          FloeServer.builder(dir.resolve("payara"))
              .logFile(FloeServer.logFor("S3MaintenanceIT"))
              .storage(s3, BUCKET, s3.secretKey())
              .env("ICEBERG_BUFFER_TIMEOUT_MS", 3_600_000)
              .env("FLOE_MAINTENANCE_INTERVAL", "1h")
              .env("FLOE_ORPHAN_GRACE", "0") // no commit is in flight in this test
              .build()) {
        floe.start().awaitReady(FloeServer.START_TIMEOUT);
        Http http = floe.http();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          ids.add("s" + i);
          String event = Http.event("s" + i, "s3.test", "2024-01-15T14:0" + (i % 10) + ":00Z");
          assertThat(http.post("events", "application/json", event).statusCode()).isEqualTo(202);
          HttpResponse<String> f = http.post("debug/flush/s3.test", "application/json", "");
          assertThat(f.statusCode()).as(f.body()).isEqualTo(200);
        }
        S3Client client = s3.client();
        String partition = LOCATION + "/data/type=s3.test/year=2024/month=01/day=15/hour=14/";
        put(client, partition + "crashed-flush.parquet");
        put(client, LOCATION + "/metadata/lost-m0.avro");
        put(client, "analytics/other/old.parquet");
        Thread.sleep(1500); // past the (zero) grace at the store's one-second clock

        HttpResponse<String> r = http.post("admin/maintenance", "application/json", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode pass = JSON.readTree(r.body());
        assertThat(pass.get("files_rewritten").asInt()).as(r.body()).isEqualTo(12);
        assertThat(pass.get("orphan_files_deleted").asInt()).as(r.body()).isEqualTo(2);
        assertThat(pass.get("table_data_files").asInt()).isEqualTo(1);

        List<String> keys = keys(client, "");
        assertThat(keys)
            .doesNotContain(
                partition + "crashed-flush.parquet", LOCATION + "/metadata/lost-m0.avro")
            .contains("analytics/other/old.parquet");
        assertThat(TestTables.rows(table(s3)))
            .extracting(x -> (String) x.getField("id"))
            .containsExactlyInAnyOrderElementsOf(ids);
      }
    }
  }

  private static void put(S3Client client, String key) {
    client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("x"));
  }

  private static List<String> keys(S3Client client, String prefix) {
    return client.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  /** The table from its newest metadata file, as a static reader opens it. */
  private static Table table(S3Proxy s3) {
    String newest =
        keys(s3.client(), LOCATION + "/metadata/v").stream()
            .filter(k -> k.matches(".*/v\\d+\\.metadata\\.json"))
            .max(
                Comparator.comparingInt(
                    k ->
                        Integer.parseInt(
                            k.substring(k.lastIndexOf("/v") + 2, k.indexOf(".metadata")))))
            .orElseThrow();
    S3Client own = s3.client(s3.accessKey(), s3.secretKey());
    S3FileIO io = new S3FileIO(() -> own);
    return new BaseTable(new StaticTableOperations("s3://" + BUCKET + "/" + newest, io), "static");
  }
}
