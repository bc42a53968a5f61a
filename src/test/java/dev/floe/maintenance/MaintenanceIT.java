package dev.floe.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance on the real server: {@code POST /admin/maintenance} compacts a partition of small
 * files, answers what it did, and the status figures and metrics show the pass.
 */
class MaintenanceIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void postRunsAPassThatCompactsAndAnswersWhatItDid() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    try (FloeServer floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(FloeServer.logFor("MaintenanceIT"))
            .property("floe.warehouse", warehouse)
            .property("iceberg.buffer.timeout.ms", 3_600_000)
            .property("floe.maintenance.interval", "1h")
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = floe.http();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String id = "m" + i;
        ids.add(id);
        String time = String.format("2024-01-15T14:%02d:00Z", 59 - i);
        assertThat(
                http.post("events", "application/json", Http.event(id, "maint.test", time))
                    .statusCode())
            .isEqualTo(202);
        HttpResponse<String> flushed = http.post("debug/flush/maint.test", "application/json", "");
        assertThat(flushed.statusCode()).as(flushed.body()).isEqualTo(200);
      }

      HttpResponse<String> r = http.post("admin/maintenance", "application/json", "");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
      JsonNode pass = JSON.readTree(r.body());
      assertThat(pass.get("files_rewritten").asInt()).isEqualTo(12);
      assertThat(pass.get("partitions_compacted").asInt()).isEqualTo(1);
      assertThat(pass.get("files_written").asInt()).isEqualTo(1);
      assertThat(pass.get("table_data_files").asInt()).isEqualTo(1);
      assertThat(pass.get("table_snapshots").asInt()).isGreaterThanOrEqualTo(13);
      assertThat(pass.get("duration_ms").asLong()).isNotNegative();
      assertThat(pass.get("notes")).isEmpty();

      Table table = TestTables.load(warehouse.resolve("analytics/events"));
      assertThat(TestTables.rows(table))
          .extracting(x -> (String) x.getField("id"))
          .containsExactlyInAnyOrderElementsOf(ids);

      JsonNode last = JSON.readTree(http.get("admin/maintenance").body());
      assertThat(last.get("enabled").asBoolean()).isTrue();
      assertThat(last.get("last").get("files_rewritten").asInt()).isEqualTo(12);
      String metrics = http.get("admin/metrics").body();
      assertThat(metrics)
          .contains("floe_compaction_files_rewritten_total 12")
          .contains("floe_maintenance_passes_total 1")
          .contains("floe_table_data_files 1");

      // a second pass has nothing left to merge
      JsonNode again = JSON.readTree(http.post("admin/maintenance", "application/json", "").body());
      assertThat(again.get("files_rewritten").asInt()).isZero();
    }
  }

  @Test
  void withMaintenanceOffThePostIsRefusedWithAProblem() throws Exception {
    try (FloeServer floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(FloeServer.logFor("MaintenanceOffIT"))
            .property("floe.warehouse", dir.resolve("warehouse"))
            .property("floe.maintenance", false)
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      HttpResponse<String> r = floe.http().post("admin/maintenance", "application/json", "");
      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      assertThat(r.body()).contains("FLOE_MAINTENANCE=false");
    }
  }
}
