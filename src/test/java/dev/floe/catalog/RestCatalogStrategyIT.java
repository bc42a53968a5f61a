package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.config.FloeSettings;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import dev.floe.it.fixtures.RestCatalogFixture;
import dev.floe.it.fixtures.S3Proxy;
import dev.floe.it.harness.Harness;
import dev.floe.lake.TableCommitter;
import dev.floe.lake.WriteResult;
import dev.floe.testing.Fixtures;
import dev.floe.testing.TestTables;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Floe's REST catalog strategy against Apache Iceberg's REST catalog fixture, without a server. */
class RestCatalogStrategyIT {
  private static final String TOKEN = "strategy-it-token-0f1e2d3c";
  private static final int COMMITS = 30;

  @RegisterExtension
  static final Harness harness = Harness.with().restCatalog("lake", TOKEN).build();

  private static FloeSettings settings(String... more) {
    RestCatalogFixture rest = harness.rest();
    S3Proxy s3 = harness.s3();
    Map<String, String> m = new HashMap<>();
    m.put("r2.catalog.endpoint", rest.uri());
    m.put("r2.catalog.auth.token", TOKEN);
    m.put("iceberg.warehouse", rest.warehouse());
    m.put("r2.endpoint", s3.endpoint());
    m.put("r2.bucket", "lake");
    m.put("r2.access.key.id", s3.accessKey());
    m.put("r2.secret.access.key", s3.secretKey());
    for (int i = 0; i < more.length; i += 2) {
      m.put(more[i], more[i + 1]);
    }
    List<String> kv = new ArrayList<>();
    m.forEach(
        (k, v) -> {
          kv.add(k);
          kv.add(v);
        });
    return TestTables.settings(harness.dir().resolve("unused"), kv.toArray(String[]::new));
  }

  @Test
  void createsNamespaceAndTableThenCommitsThroughTheCatalog() {
    CatalogStrategy strategy = CatalogProducer.create(settings("iceberg.namespace", "floe_it"));
    assertThat(strategy.kind()).isEqualTo("rest");
    TableCommitter committer = new TableCommitter(strategy);

    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < COMMITS; i++) {
      String commitId = "c" + i;
      WriteResult w =
          committer.write(
              List.of(List.of(Fixtures.event("e" + i, "rest.test", Instant.now()))), commitId);
      long t0 = System.nanoTime();
      committer.commit(w, commitId, Map.of());
      millis.add((System.nanoTime() - t0) / 1_000_000);
    }
    millis.sort(null);
    System.out.printf(
        "REST commit on the fixture (Parquet already written): p50 %d ms, p99 %d ms over %d%n",
        millis.get(COMMITS / 2), millis.get(COMMITS * 99 / 100), COMMITS);

    Table table = harness.rest().catalog().loadTable(TableIdentifier.of("floe_it", "events"));
    assertThat(TestTables.rows(table)).hasSize(COMMITS);
    assertThat(table.snapshots()).hasSize(COMMITS);
    assertThat(table.location()).startsWith("s3://lake/");
    // a second node loads the same table and finds it compatible
    assertThat(CatalogProducer.create(settings("iceberg.namespace", "floe_it")).table().name())
        .endsWith("floe_it.events");
  }

  @Test
  void anIncompatibleTableStopsStartUp() {
    RESTCatalog catalog = harness.rest().catalog();
    catalog.createNamespace(Namespace.of("other_ns"));
    catalog.createTable(
        TableIdentifier.of("other_ns", "events"),
        new Schema(Types.NestedField.required(1, "id", Types.LongType.get())));
    CatalogStrategy strategy = CatalogProducer.create(settings("iceberg.namespace", "other_ns"));
    assertThatThrownBy(strategy::table).isInstanceOf(IncompatibleTableException.class);
  }

  @Test
  void aTableThatMovedOnIsEvolvedThroughTheCatalogAndTwoRacingNodesAddAColumnOnce()
      throws Exception {
    RESTCatalog catalog = harness.rest().catalog();
    catalog.createNamespace(Namespace.of("evolve_ns"));
    // an older Floe's table (no cf_timezone) that a user gave a column of their own
    List<Types.NestedField> older = new ArrayList<>(EventsTable.SCHEMA.columns());
    older.removeIf(f -> f.name().equals("cf_timezone"));
    older.add(Types.NestedField.optional(99, "note", Types.StringType.get()));
    Schema schema = new Schema(older);
    PartitionSpec spec =
        PartitionSpec.builderFor(schema)
            .identity("type")
            .identity("year")
            .identity("month")
            .identity("day")
            .identity("hour")
            .build();
    catalog.createTable(TableIdentifier.of("evolve_ns", "events"), schema, spec);

    FloeSettings s = settings("iceberg.namespace", "evolve_ns", "floe.columns", "ext.userid:long");
    CyclicBarrier start = new CyclicBarrier(2);
    List<CompletableFuture<Table>> nodes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      CatalogStrategy node = CatalogProducer.create(s);
      nodes.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  start.await();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                return node.table();
              }));
    }
    for (CompletableFuture<Table> n : nodes) {
      assertThat(n.get().name()).endsWith("evolve_ns.events");
    }

    Table table = catalog.loadTable(TableIdentifier.of("evolve_ns", "events"));
    List<String> names = table.schema().columns().stream().map(Types.NestedField::name).toList();
    assertThat(names.stream().filter(n -> n.equals("ext_userid"))).hasSize(1);
    assertThat(names).contains("cf_timezone", "note");
    assertThat(table.schema().findField("id").fieldId()).isEqualTo(1);

    TableCommitter committer = new TableCommitter(CatalogProducer.create(s));
    EventRecord e =
        new EventRecord(
            "u1",
            "rest.evolve",
            "it",
            "1.0",
            Instant.now(),
            null,
            null,
            null,
            null,
            Map.of("userid", "77"),
            CloudflareInfo.NONE,
            Instant.now());
    committer.commit(committer.write(List.of(List.of(e)), "c-evolve"), "c-evolve", Map.of());
    table.refresh();
    Record row = TestTables.rows(table).get(0);
    assertThat(row.getField("ext_userid")).isEqualTo(77L);
    assertThat(row.getField("note")).isNull();
  }

  @Test
  void problemsAreNamed() throws IOException {
    assertThatThrownBy(() -> CatalogProducer.create(settings("iceberg.warehouse", "nope")).check())
        .hasMessageContaining("does not know the warehouse");
    assertThatThrownBy(
            () ->
                CatalogProducer.create(settings("r2.catalog.auth.token", "bad-token-123456"))
                    .check())
        .hasMessageContaining("rejected the token (401")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("bad-token-123456"));
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    assertThatThrownBy(
            () ->
                CatalogProducer.create(settings("r2.catalog.endpoint", "http://127.0.0.1:" + port))
                    .check())
        .hasMessageContaining("cannot connect to catalog at http://127.0.0.1:" + port);
  }

  @Test
  void listsAndDropsTables() throws IOException {
    CatalogStrategy strategy = CatalogProducer.create(settings("iceberg.namespace", "drop_ns"));
    strategy.table();
    assertThat(strategy.listTables()).containsExactly("drop_ns.events");
    assertThat(strategy.dropTable("events", true)).isTrue();
    assertThat(strategy.listTables()).isEmpty();
    assertThat(strategy.dropTable("events", true)).isFalse();
  }
}
