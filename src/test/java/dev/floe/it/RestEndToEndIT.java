package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Floe on the real Payara Micro with the R2 Data Catalog's protocol: Apache Iceberg's REST catalog
 * fixture, behind a bearer-token check, its warehouse on a real S3-compatible server. Rows come
 * back through the catalog; a commit the catalog applies but answers with 503 ends in the table
 * exactly once; a catalog restart loses nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestEndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "floe-it-catalog-token-5f4e3d2c";
  private static final TableIdentifier EVENTS = TableIdentifier.of("analytics", "events");

  @TempDir static Path dir;
  private static S3Proxy s3;
  private static RestCatalogFixture rest;
  private static FloeServer floe;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Proxy.start(dir.resolve("s3"));
    s3.createBucket("lake");
    rest = RestCatalogFixture.start(dir.resolve("rest"), s3, "lake", TOKEN);
    floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(FloeServer.logFor("RestEndToEndIT"))
            .restCatalog(rest, s3, TOKEN)
            .env("ICEBERG_BUFFER_TIMEOUT_MS", 2000)
            .env("FLOE_FLUSH_RETRY_MAX_MS", 2000)
            .build()
            .start()
            .awaitReady(FloeServer.START_TIMEOUT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (floe != null) {
      floe.close();
    }
    if (rest != null) {
      rest.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  private static Table table() {
    return rest.catalog().loadTable(EVENTS);
  }

  @Test
  @Order(1)
  void seedEventsLandThroughTheCatalogOneSnapshotPerFlush() throws Exception {
    Http http = floe.http();
    SeedEvents.send(http);
    int before = snapshots(table()).size();
    assertThat(flush(http, "page.view").statusCode()).isEqualTo(200);
    for (int round = 0; round < 2; round++) {
      accept(http, "round-" + round, "rounds.test");
      assertThat(flush(http, "rounds.test").statusCode()).isEqualTo(200);
    }

    Table table = table();
    List<Snapshot> snapshots = snapshots(table);
    assertThat(snapshots).hasSize(before + 3);
    assertThat(snapshots.subList(before, snapshots.size()))
        .extracting(s -> s.summary().get("floe.commit-id"))
        .doesNotContainNull()
        .doesNotHaveDuplicates();
    Map<String, Record> rows =
        TableRows.ofType(table, "page.view").stream()
            .collect(Collectors.toMap(x -> (String) x.getField("id"), x -> x));
    assertThat(rows).hasSize(4);
    SeedEvents.assertRows(rows);
    assertThat(table.location()).startsWith("s3://lake/");
    assertThat(BucketTable.keys(s3.client(), "lake", ""))
        .anyMatch(k -> k.contains("/data/type=page.view/year=2024/month=01/day=15/hour=14/"));
    assertThat(rest.requests())
        .as("every request carried the token")
        .allSatisfy(r -> assertThat(r.hasAuthorization()).isTrue());
  }

  @Test
  @Order(2)
  void aCommitAppliedButAnsweredWith503EndsInTheTableExactlyOnce() throws Exception {
    Http http = floe.http();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sent.add(accept(http, "applied-" + i, "applied.test"));
    }
    rest.failNextCommitsAfterApplying(1);
    int applied = rest.appliedCommits();
    awaitFlushed(http, "applied.test");

    assertThat(rest.appliedCommits()).as("commits the catalog applied").isEqualTo(applied + 1);
    Table table = table();
    assertThat(TableRows.idsOfType(table, "applied.test"))
        .containsExactlyInAnyOrderElementsOf(sent);
    assertEveryReferencedFileExists(table);
  }

  @Test
  @Order(3)
  void aCommitRefusedWith503IsCommittedLaterExactlyOnceWithItsFilesKept() throws Exception {
    Http http = floe.http();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sent.add(accept(http, "unknown-" + i, "unknown.test"));
    }
    rest.failNextCommitsBeforeApplying(1);
    HttpResponse<String> first = flush(http, "unknown.test");
    assertThat(first.statusCode()).as("outcome unknown: " + first.body()).isEqualTo(503);

    // the next flush looks the commit id up, does not find it, and commits the same files
    awaitFlushed(http, "unknown.test");
    Table table = table();
    assertThat(TableRows.idsOfType(table, "unknown.test"))
        .containsExactlyInAnyOrderElementsOf(sent);
    assertEveryReferencedFileExists(table);
  }

  /** Flushes until a flush succeeds (a failed one backs off, so retry for a while). */
  private static void awaitFlushed(Http http, String type) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    HttpResponse<String> r = flush(http, type);
    while (r.statusCode() != 200 && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
      r = flush(http, type);
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  @Order(4)
  void aCatalogRestartMidRunLosesNothing() throws Exception {
    Http http = floe.http();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(accept(http, "before-" + i, "restart.test"));
    }
    rest.stop();
    for (int i = 0; i < 20; i++) {
      sent.add(accept(http, "during-" + i, "restart.test"));
    }
    JsonNode down = JSON.readTree(floe.awaitReadiness(503, Duration.ofSeconds(60)));
    assertThat(down.toString()).contains("cannot connect to catalog at " + rest.uri());

    rest.restart();
    floe.awaitReadiness(200, Duration.ofSeconds(60));
    long deadline = System.currentTimeMillis() + 60_000;
    List<String> ids = List.of();
    while (System.currentTimeMillis() < deadline) {
      ids = TableRows.idsOfType(table(), "restart.test");
      if (ids.size() >= sent.size()) {
        break;
      }
      Thread.sleep(1000);
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(sent);
    assertEveryReferencedFileExists(table());
  }

  @Test
  @Order(5)
  void adminListsTablesAndDropIsOffByDefault() throws Exception {
    Http http = floe.http();
    HttpResponse<String> tables = http.get("debug/tables");
    assertThat(tables.statusCode()).as(tables.body()).isEqualTo(200);
    assertThat(JSON.readTree(tables.body()).get("tables").toString()).contains("analytics.events");

    HttpResponse<String> drop = http.delete("debug/tables/events?confirm=events");
    assertThat(drop.statusCode()).as(drop.body()).isEqualTo(403);
    assertThat(drop.body()).contains("FLOE_ADMIN_DROP_ENABLED");
    assertThat(rest.catalog().tableExists(EVENTS)).isTrue();
  }

  private static void assertEveryReferencedFileExists(Table table) throws Exception {
    Set<String> keys = new HashSet<>(BucketTable.keys(s3.client(), "lake", ""));
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask t : tasks) {
        DataFile f = t.file();
        String key = f.location().substring("s3://lake/".length());
        assertThat(keys).as("data file the table references").contains(key);
      }
    }
  }

  private static HttpResponse<String> flush(Http http, String type) {
    return http.post("debug/flush/" + type, "application/json", "");
  }

  private static String accept(Http http, String id, String type) {
    HttpResponse<String> r = http.post("events", "application/json", Http.event(id, type, null));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return id;
  }

  private static List<Snapshot> snapshots(Table table) {
    List<Snapshot> out = new ArrayList<>();
    table.snapshots().forEach(out::add);
    return out;
  }
}
