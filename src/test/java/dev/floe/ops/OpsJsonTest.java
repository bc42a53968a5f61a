package dev.floe.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answers' JSON, field for field: the seed's names, which the ITs and admin.html read. */
class OpsJsonTest {
  private static final PartitionView PARTITION =
      new PartitionView("page.view/2024-01-15-14", 3, 1, 1500, null);

  @Test
  void statusHasTheSeedsFieldsInOrder() {
    String json =
        OpsJson.write(
            new DebugAnswers.Status(
                "page.view/2024-01-15-14",
                3,
                5000,
                2000,
                "analytics/events",
                1500,
                1,
                List.of(PARTITION),
                null));
    assertThat(json)
        .isEqualTo(
            "{\"partition_key\":\"page.view/2024-01-15-14\",\"buffered_count\":3,"
                + "\"max_buffer_size\":5000,\"buffer_threshold\":2000,"
                + "\"table_location\":\"analytics/events\",\"oldest_event_age_ms\":1500,"
                + "\"in_flight_count\":1,\"partitions\":["
                + partitionJson()
                + "]}");
  }

  @Test
  void withRoutesTheStatusAndItsPartitionsNameTheirTable() {
    PartitionView routed = new PartitionView("page.view/2024-01-15-14", 3, 1, 1500, "web.pv");
    String json =
        OpsJson.write(
            new DebugAnswers.Status(
                "page.view/2024-01-15-14",
                3,
                5000,
                2000,
                "web/pv",
                1500,
                1,
                List.of(routed),
                "web.pv"));
    assertThat(json)
        .endsWith(
            "\"partitions\":[{\"partition_key\":\"page.view/2024-01-15-14\",\"buffered_count\":3,"
                + "\"in_flight_count\":1,\"oldest_event_age_ms\":1500,\"table\":\"web.pv\"}],"
                + "\"table\":\"web.pv\"}");
  }

  @Test
  void aFlushOfAllTypesKeepsANullType() {
    String json =
        OpsJson.write(
            new DebugAnswers.Flush(null, 42L, 1, 7, List.of("f.parquet"), List.of("t/2024")));
    assertThat(json)
        .isEqualTo(
            "{\"type\":null,\"snapshot_id\":42,\"files_written\":1,\"rows\":7,"
                + "\"files\":[\"f.parquet\"],\"partitions\":[\"t/2024\"]}");
  }

  @Test
  void adminStatsDescribeAPartitionAsTheStatusDoes() {
    String json =
        OpsJson.write(
            new AdminStats(
                "1.2.3",
                "2024-01-15T14:30:00Z",
                "direct-local",
                "analytics.events",
                "fsync",
                true,
                null,
                "DOWN: connection refused",
                "UP",
                1.5,
                10,
                7,
                1L,
                100,
                50,
                Map.of("too_large", 2L),
                Map.of("value-does-not-fit", 4L),
                3,
                0,
                5000,
                2000,
                List.of(PARTITION),
                List.of(new AdminStats.Flush("2024-01-15T14:30:00Z", 42L, 1, 7, 12))));
    assertThat(json)
        .contains("\"partitions\":[" + partitionJson() + "]")
        .contains("\"reason\":null")
        .contains("\"storage\":\"DOWN: connection refused\",\"catalog_reachable\":\"UP\"")
        .contains("\"ingest_rate\":1.5")
        .contains("\"rejected\":{\"too_large\":2}")
        .contains("\"dead_lettered\":{\"value-does-not-fit\":4}")
        .contains("\"buffer_budget_used_percent\":0")
        .contains(
            "\"flushes\":[{\"at\":\"2024-01-15T14:30:00Z\",\"snapshot_id\":42,\"files\":1,"
                + "\"rows\":7,\"millis\":12}]");
  }

  private static String partitionJson() {
    return "{\"partition_key\":\"page.view/2024-01-15-14\",\"buffered_count\":3,"
        + "\"in_flight_count\":1,\"oldest_event_age_ms\":1500}";
  }
}
