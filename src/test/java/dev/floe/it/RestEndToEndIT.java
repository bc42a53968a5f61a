package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.SeedEvents;
import dev.floe.it.harness.Harness;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

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

  @RegisterExtension
  static final Harness harness =
      Harness.with()
          .restCatalog("lake", TOKEN)
          .floe(f -> f.quickRecovery().env("FLOE_TRUST_CF_HEADERS", true)) // seed: via Cloudflare
          .build();

  @Test
  @Order(1)
  void seedEventsLandThroughTheCatalogOneSnapshotPerFlush() throws Exception {
    Http http = harness.floe().http();
    SeedEvents.send(http);
    int before = TestTables.snapshots(harness.table()).size();
    assertThat(http.flush("page.view").statusCode()).isEqualTo(200);
    for (int round = 0; round < 2; round++) {
      http.accept("round-" + round, "rounds.test");
      assertThat(http.flush("rounds.test").statusCode()).isEqualTo(200);
    }

    Table table = harness.table();
    List<Snapshot> snapshots = TestTables.snapshots(table);
    assertThat(snapshots).hasSize(before + 3);
    assertThat(snapshots.subList(before, snapshots.size()))
        .extracting(s -> s.summary().get("floe.commit-id"))
        .doesNotContainNull()
        .doesNotHaveDuplicates();
    Map<String, Record> rows = TestTables.rowsById(table, "page.view");
    assertThat(rows).hasSize(4);
    SeedEvents.assertRows(rows);
    assertThat(table.location()).startsWith("s3://lake/");
    assertThat(harness.s3().keys("lake", ""))
        .anyMatch(k -> k.contains("/data/type=page.view/year=2024/month=01/day=15/hour=14/"));
    assertThat(harness.rest().requests())
        .as("every request carried the token")
        .allSatisfy(r -> assertThat(r.hasAuthorization()).isTrue());
  }

  @Test
  @Order(2)
  void aCommitAppliedButAnsweredWith503EndsInTheTableExactlyOnce() throws Exception {
    Http http = harness.floe().http();
    List<String> sent = http.acceptMany("applied-", 10, "applied.test");
    harness.rest().failNextCommitsAfterApplying(1);
    int applied = harness.rest().appliedCommits();
    awaitFlushed(http, "applied.test");

    assertThat(harness.rest().appliedCommits())
        .as("commits the catalog applied")
        .isEqualTo(applied + 1);
    assertExactlyOnceWithEveryFile("applied.test", sent);
  }

  @Test
  @Order(3)
  void aCommitRefusedWith503IsCommittedLaterExactlyOnceWithItsFilesKept() throws Exception {
    Http http = harness.floe().http();
    List<String> sent = http.acceptMany("unknown-", 10, "unknown.test");
    harness.rest().failNextCommitsBeforeApplying(1);
    HttpResponse<String> first = http.flush("unknown.test");
    assertThat(first.statusCode()).as("outcome unknown: " + first.body()).isEqualTo(503);

    // the next flush looks the commit id up, does not find it, and commits the same files
    awaitFlushed(http, "unknown.test");
    assertExactlyOnceWithEveryFile("unknown.test", sent);
  }

  /** Flushes until a flush succeeds (a failed one backs off, so retry for a while). */
  private static void awaitFlushed(Http http, String type) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    HttpResponse<String> r = http.flush(type);
    while (r.statusCode() != 200 && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
      r = http.flush(type);
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  @Order(4)
  void aCatalogRestartMidRunLosesNothing() throws Exception {
    Http http = harness.floe().http();
    List<String> sent = new ArrayList<>(http.acceptMany("before-", 20, "restart.test"));
    harness.rest().stop();
    sent.addAll(http.acceptMany("during-", 20, "restart.test"));
    // still ready: the node takes events into its log; the catalog check says what is wrong
    JsonNode down =
        JSON.readTree(
            harness.floe().awaitReadyWith("\"catalog_state\":\"DOWN\"", Duration.ofSeconds(60)));
    assertThat(down.toString()).contains("cannot connect to catalog at " + harness.rest().uri());

    harness.rest().restart();
    harness.floe().awaitReadyWith("\"catalog_state\":\"UP\"", Duration.ofSeconds(60));
    harness.awaitIds("restart.test", sent.size(), Duration.ofSeconds(60));
    assertExactlyOnceWithEveryFile("restart.test", sent);
  }

  @Test
  @Order(5)
  void adminListsTablesAndDropIsOffByDefault() throws Exception {
    Http http = harness.floe().http();
    HttpResponse<String> tables = http.get("debug/tables");
    assertThat(tables.statusCode()).as(tables.body()).isEqualTo(200);
    assertThat(JSON.readTree(tables.body()).get("tables").toString()).contains("analytics.events");

    HttpResponse<String> drop = http.delete("debug/tables/events?confirm=events");
    assertThat(drop.statusCode()).as(drop.body()).isEqualTo(403);
    assertThat(drop.body()).contains("FLOE_ADMIN_DROP_ENABLED");
    assertThat(harness.rest().catalog().tableExists(EVENTS)).isTrue();
  }

  /** The type's rows are exactly the events sent, and every file the table reads is there. */
  private static void assertExactlyOnceWithEveryFile(String type, List<String> sent) {
    Table table = harness.table();
    assertThat(TestTables.ids(table, type)).containsExactlyInAnyOrderElementsOf(sent);
    Set<String> keys = new HashSet<>(harness.s3().keys("lake", ""));
    assertThat(TestTables.dataFiles(table))
        .as("data files the table references")
        .allSatisfy(f -> assertThat(keys).contains(f.substring("s3://lake/".length())));
  }
}
