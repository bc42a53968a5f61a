package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.SeedEvents;
import dev.floe.it.harness.Harness;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Events in over HTTP on the real Payara Micro, rows out of the Iceberg table. */
class EndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A table and log of its own: what other classes sent never lands in them. */
  @RegisterExtension
  static final Harness harness =
      Harness.with()
          .floe(
              f ->
                  f.property("iceberg.buffer.timeout.ms", 4000)
                      .env(
                          "FLOE_TRUST_CF_HEADERS", true)) // the seed's requests come via Cloudflare
          .build();

  private static Http http() {
    return harness.floe().http();
  }

  private JsonNode flush(String type) throws Exception {
    HttpResponse<String> r = http().flush(type);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void seedPayloadsLandWithEveryColumn() throws Exception {
    SeedEvents.send(http());

    JsonNode status = JSON.readTree(http().get("debug/status/page.view").body());
    assertThat(status.get("max_buffer_size").asInt()).isEqualTo(5000);
    assertThat(status.get("buffer_threshold").asInt()).isEqualTo(2000);
    assertThat(status.get("table_location").asText()).isEqualTo("analytics/events");
    assertThat(status.get("partitions")).hasSize(2);

    JsonNode flushed = flush("page.view");
    assertThat(flushed.get("rows").asLong()).isEqualTo(4);
    assertThat(flushed.get("files_written").asInt()).isEqualTo(2);
    long snapshotId = flushed.get("snapshot_id").asLong();

    // one commit for both partitions: the flush's snapshot holds every page.view file there is
    Table table = harness.table();
    Snapshot snapshot = table.snapshot(snapshotId);
    assertThat(snapshot.summary()).containsEntry("added-data-files", "2");
    assertThat(snapshot.summary()).containsEntry("added-records", "4");
    List<String> paths = TestTables.addedDataFiles(table, snapshot);
    assertThat(paths)
        .anyMatch(p -> p.contains("/data/type=page.view/year=2024/month=01/day=15/hour=14/"))
        .anyMatch(p -> p.contains("/data/type=page.view/year=2024/month=01/day=15/hour=15/"));
    assertThat(TestTables.dataFiles(table))
        .filteredOn(p -> p.contains("/data/type=page.view/"))
        .containsExactlyInAnyOrderElementsOf(paths);

    SeedEvents.assertRows(TestTables.rowsById(table, "page.view"));
  }

  @Test
  void buffersFlushOnTheirOwnAfterTheTimeout() throws Exception {
    http().acceptMany("t", 3, "timeout.test");
    // the server's timeout is 4 s
    List<String> ids = harness.awaitIds("timeout.test", 3, Duration.ofSeconds(30));
    assertThat(ids).containsExactlyInAnyOrder("t0", "t1", "t2");
  }

  @Test
  void aRequestPastTheCapIsRefusedWhole() throws Exception {
    String over = batch("over", 5001);
    HttpResponse<String> r = http().post("events/batch", "application/json", over);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(507);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(JSON.readTree(r.body()).get("status").asInt()).isEqualTo(507);

    r = http().post("events/batch", "application/json", batch("fits", 5000));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    flush("cap.test");
    List<Record> rows = TestTables.rows(harness.table(), "cap.test");
    assertThat(rows).hasSize(5000);
    assertThat(rows).allSatisfy(x -> assertThat((String) x.getField("id")).startsWith("fits-"));
  }

  @Test
  void hostileTypesStayInsideTheTableFolder() throws Exception {
    List<String> types = List.of("../../escape", "a/b", "..", "/abs");
    for (String t : types) {
      String json =
          JSON.writeValueAsString(
              Map.of("specversion", "1.0", "type", t, "source", "it", "id", "h"));
      assertThat(http().post("events", "application/json", json).statusCode()).isEqualTo(202);
      flush(
          java.net.URLEncoder.encode(t, java.nio.charset.StandardCharsets.UTF_8)
              .replace("+", "%20"));
    }
    Path data = harness.warehouse().resolve(Harness.LOCATION).resolve("data").toRealPath();
    try (Stream<Path> all = Files.walk(harness.warehouse())) {
      assertThat(all.filter(p -> p.toString().endsWith(".parquet")))
          .allSatisfy(p -> assertThat(p.toRealPath()).startsWith(data));
    }
    assertThat(TestTables.rows(harness.table()))
        .filteredOn(x -> types.contains(x.getField("type")) && "h".equals(x.getField("id")))
        .extracting(x -> x.getField("type"))
        .containsExactlyInAnyOrderElementsOf(types);
  }

  private static String batch(String prefix, int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> Http.event(prefix + "-" + i, "cap.test", null))
        .collect(Collectors.joining(",", "{\"events\":[", "]}"));
  }
}
