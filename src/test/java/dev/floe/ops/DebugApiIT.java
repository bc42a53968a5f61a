package dev.floe.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The debug and admin answers on a real server with the direct catalog: the seed's field names, one
 * description of a partition in both, and the 409 of a drop the direct catalog cannot do.
 */
class DebugApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void answersUseTheSeedsNamesAndADirectDropIsAConflict() throws Exception {
    try (FloeServer floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(FloeServer.logFor("DebugApiIT"))
            .property("floe.warehouse", dir.resolve("warehouse"))
            .property("floe.wal.dir", dir.resolve("wal"))
            .property("floe.admin.drop.enabled", "true")
            .property("iceberg.buffer.timeout.ms", 3_600_000)
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = floe.http();
      assertThat(
              http.post("events", "application/json", Http.event("d1", "debug.api", null))
                  .statusCode())
          .isEqualTo(202);

      JsonNode status = JSON.readTree(http.get("debug/status/debug.api").body());
      assertThat(names(status))
          .containsExactly(
              "partition_key",
              "buffered_count",
              "max_buffer_size",
              "buffer_threshold",
              "table_location",
              "oldest_event_age_ms",
              "in_flight_count",
              "partitions");
      assertThat(status.get("buffered_count").asInt()).isEqualTo(1);
      JsonNode partition = status.get("partitions").get(0);
      assertThat(names(partition))
          .containsExactly(
              "partition_key", "buffered_count", "in_flight_count", "oldest_event_age_ms");

      JsonNode stats = JSON.readTree(http.get("admin/stats").body());
      JsonNode sameOnTheAdminPage = stats.get("partitions").get(0);
      assertThat(names(sameOnTheAdminPage)).isEqualTo(names(partition));
      assertThat(sameOnTheAdminPage.get("partition_key")).isEqualTo(partition.get("partition_key"));
      assertThat(sameOnTheAdminPage.get("buffered_count").asInt()).isEqualTo(1);

      HttpResponse<String> drop = http.delete("debug/tables/events?confirm=events");
      assertThat(drop.statusCode()).isEqualTo(409);
      assertThat(drop.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(JSON.readTree(drop.body()).get("detail").asText())
          .contains("needs a REST catalog");

      HttpResponse<String> flushed = http.post("debug/flush/debug.api", "application/json", "");
      assertThat(flushed.statusCode()).isEqualTo(200);
      JsonNode flush = JSON.readTree(flushed.body());
      assertThat(names(flush))
          .containsExactly("type", "snapshot_id", "files_written", "rows", "files", "partitions");
      assertThat(flush.get("rows").asLong()).isEqualTo(1);
      assertThat(flush.get("files_written").asInt()).isEqualTo(1);
    }
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
