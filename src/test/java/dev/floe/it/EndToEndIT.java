package dev.floe.it;

import static dev.floe.it.Warehouse.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Events in over HTTP on the real Payara Micro, rows out of the Iceberg table. */
@ExtendWith(ArquillianExtension.class)
class EndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.floe();
  }

  @ArquillianResource URL base;

  private Http http() {
    return new Http(base.toString());
  }

  private JsonNode flush(String type) throws Exception {
    HttpResponse<String> r = http().post("debug/flush/" + type, "application/json", "");
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

    int snapshotsBefore = snapshotCount();
    JsonNode flushed = flush("page.view");
    assertThat(flushed.get("rows").asLong()).isEqualTo(4);
    assertThat(flushed.get("files_written").asInt()).isEqualTo(2);
    long snapshotId = flushed.get("snapshot_id").asLong();

    Table table = Warehouse.table();
    assertThat(snapshotCount()).isEqualTo(snapshotsBefore + 1);
    Snapshot snapshot = table.snapshot(snapshotId);
    assertThat(snapshot.summary()).containsEntry("added-data-files", "2");
    assertThat(snapshot.summary()).containsEntry("added-records", "4");
    List<String> paths = filesOf(table, snapshot);
    assertThat(paths)
        .anyMatch(p -> p.contains("/data/type=page.view/year=2024/month=01/day=15/hour=14/"))
        .anyMatch(p -> p.contains("/data/type=page.view/year=2024/month=01/day=15/hour=15/"));

    Map<String, Record> rows =
        Warehouse.rows(ofType("page.view")).stream()
            .collect(Collectors.toMap(x -> (String) x.getField("id"), x -> x));
    SeedEvents.assertRows(rows);
  }

  @Test
  void buffersFlushOnTheirOwnAfterTheTimeout() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(
              http()
                  .post("events", "application/json", Http.event("t" + i, "timeout.test", null))
                  .statusCode())
          .isEqualTo(202);
    }
    long deadline = System.currentTimeMillis() + 30_000; // the server's timeout is 4 s
    List<Record> rows = List.of();
    while (System.currentTimeMillis() < deadline && rows.size() < 3) {
      Thread.sleep(500);
      rows =
          Files.exists(Warehouse.tableDir()) ? Warehouse.rows(ofType("timeout.test")) : List.of();
    }
    assertThat(rows).extracting(x -> x.getField("id")).containsExactlyInAnyOrder("t0", "t1", "t2");
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
    List<Record> rows = Warehouse.rows(ofType("cap.test"));
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
    Path data = Warehouse.tableDir().resolve("data").toRealPath();
    try (Stream<Path> all = Files.walk(Warehouse.root())) {
      assertThat(all.filter(p -> p.toString().endsWith(".parquet")))
          .allSatisfy(p -> assertThat(p.toRealPath()).startsWith(data));
    }
    assertThat(
            Warehouse.rows(x -> types.contains(x.getField("type")) && "h".equals(x.getField("id"))))
        .extracting(x -> x.getField("type"))
        .containsExactlyInAnyOrderElementsOf(types);
  }

  private static String batch(String prefix, int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> Http.event(prefix + "-" + i, "cap.test", null))
        .collect(Collectors.joining(",", "{\"events\":[", "]}"));
  }

  private static int snapshotCount() {
    if (!Files.exists(Warehouse.tableDir())) {
      return 0;
    }
    int n = 0;
    for (Snapshot s : Warehouse.table().snapshots()) {
      n++;
    }
    return n;
  }

  private static List<String> filesOf(Table table, Snapshot snapshot) {
    return java.util.stream.StreamSupport.stream(
            snapshot.addedDataFiles(table.io()).spliterator(), false)
        .map(DataFile::location)
        .toList();
  }
}
