package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.testing.TestTables;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With FLOE_DEDUP_WINDOW set, a client retry of an event already accepted, by (source, id), gets
 * its 2xx but no second row, also after a crash and restart.
 */
class DedupIT {
  @TempDir Path dir;

  @Test
  void retriesMakeNoSecondRow() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    try (FloeServer floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(FloeServer.logFor("DedupIT"))
            .property("floe.warehouse", warehouse)
            .property("iceberg.buffer.timeout.ms", 3_600_000)
            .env("FLOE_DEDUP_WINDOW", "10m")
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = floe.http();
      assertThat(post(http, "one")).isEqualTo(202);
      assertThat(post(http, "one")).as("a retry").isEqualTo(202);
      String batch =
          "{\"events\":["
              + Http.event("one", "dedup.test", null)
              + ","
              + Http.event("two", "dedup.test", null)
              + ","
              + Http.event("two", "dedup.test", null)
              + "]}";
      assertThat(http.post("events/batch", "application/json", batch).statusCode()).isEqualTo(202);

      floe.kill();
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      assertThat(post(floe.http(), "two")).as("a retry after the restart").isEqualTo(202);
      assertThat(post(floe.http(), "three")).isEqualTo(202);
      assertThat(floe.http().post("debug/flush", "application/json", "").statusCode())
          .isEqualTo(200);
    }
    List<String> ids =
        TestTables.rows(TestTables.load(warehouse.resolve("analytics/events"))).stream()
            .map(r -> (String) r.getField("id"))
            .toList();
    assertThat(ids).containsExactlyInAnyOrder("one", "two", "three");
  }

  private static int post(Http http, String id) {
    return http.post("events", "application/json", Http.event(id, "dedup.test", null)).statusCode();
  }
}
