package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.RestCatalogFixture;
import dev.floe.it.fixtures.S3Proxy;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.ServiceFailureException;
import org.apache.iceberg.relocated.com.google.common.collect.Lists;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The REST catalog fixture is a real Iceberg REST catalog, with the switches tests need. */
class RestCatalogFixtureIT {
  private static final String TOKEN = "floe-it-token";
  private static final String BUCKET = "rest-lake";
  private static final Namespace NS = Namespace.of("it");
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.StringType.get()),
          Types.NestedField.optional(2, "n", Types.LongType.get()));
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static S3Proxy s3;
  private static RestCatalogFixture rest;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Proxy.start(Files.createDirectories(dir.resolve("s3")));
    long t0 = System.nanoTime();
    rest =
        RestCatalogFixture.start(Files.createDirectories(dir.resolve("rest")), s3, BUCKET, TOKEN);
    System.out.printf(
        "REST catalog answered %d ms after start%n", (System.nanoTime() - t0) / 1_000_000);
    rest.catalog().createNamespace(NS);
  }

  @AfterAll
  static void stop() {
    try {
      if (rest != null) {
        rest.close();
      }
    } finally {
      if (s3 != null) {
        s3.close();
      }
    }
  }

  /** A table of its own for each test, named after it. */
  private static TableIdentifier table(TestInfo test) {
    TableIdentifier id =
        TableIdentifier.of(NS, test.getTestMethod().orElseThrow().getName().toLowerCase());
    rest.catalog().createTable(id, SCHEMA);
    return id;
  }

  private static DataFile fakeFile(Table table, long records) {
    return DataFiles.builder(PartitionSpec.unpartitioned())
        .withPath(table.location() + "/data/" + UUID.randomUUID() + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(1024)
        .withRecordCount(records)
        .build();
  }

  private static List<Snapshot> snapshots(TableIdentifier id) {
    return Lists.newArrayList(rest.catalog().loadTable(id).snapshots());
  }

  private static List<String> keys(String prefix) {
    return s3
        .client()
        .listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix))
        .contents()
        .stream()
        .map(S3Object::key)
        .toList();
  }

  @Test
  void onlyTheBearerTokenGetsIn() throws Exception {
    Http http = new Http(rest.uri());
    rest.clearRequests();

    HttpResponse<String> none = http.get("v1/config");
    HttpResponse<String> wrong = http.get("v1/config", "Authorization", "Bearer not-the-token");
    HttpResponse<String> right = http.get("v1/config", "Authorization", "Bearer " + TOKEN);

    for (HttpResponse<String> refused : List.of(none, wrong)) {
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      JsonNode error = JSON.readTree(refused.body()).get("error");
      assertThat(error.get("type").asText()).isEqualTo("NotAuthorizedException");
      assertThat(error.get("code").asInt()).isEqualTo(401);
      assertThat(error.get("message").asText()).isNotBlank();
    }
    assertThat(right.statusCode()).isEqualTo(200);
    JsonNode config = JSON.readTree(right.body());
    assertThat(config.at("/overrides/prefix").asText()).isEqualTo(RestCatalogFixture.PREFIX);
    assertThat(config.has("idempotency-key-lifetime")).isFalse();

    // the log says whether a token came, never what it was (the last three: a request of an
    // earlier test's catalog, still closing, can land just after the log was cleared)
    List<RestCatalogFixture.Request> log = rest.requests();
    assertThat(log.subList(Math.max(0, log.size() - 3), log.size()))
        .extracting(
            RestCatalogFixture.Request::hasAuthorization, RestCatalogFixture.Request::status)
        .containsExactly(tuple(false, 401), tuple(true, 401), tuple(true, 200));
    assertThat(rest.requests().toString()).doesNotContain(TOKEN).doesNotContain("not-the-token");

    // a known warehouse is fine, an unknown one is not; unprefixed catalog paths have no route
    String auth = "Bearer " + TOKEN;
    assertThat(
            http.get("v1/config?warehouse=" + rest.warehouse(), "Authorization", auth).statusCode())
        .isEqualTo(200);
    assertThat(http.get("v1/config?warehouse=elsewhere", "Authorization", auth).statusCode())
        .isEqualTo(404);
    assertThat(http.get("v1/namespaces", "Authorization", auth).statusCode()).isEqualTo(400);
    assertThat(http.get("v1/ws/namespaces", "Authorization", auth).statusCode()).isEqualTo(200);

    // Iceberg's own client: refused outright with a wrong token
    assertThatThrownBy(() -> rest.newCatalog(Map.of("token", "not-the-token")).close())
        .isInstanceOf(NotAuthorizedException.class);

    // and 403 on demand
    rest.forbid(true);
    try {
      HttpResponse<String> forbidden = http.get("v1/config", "Authorization", auth);
      assertThat(forbidden.statusCode()).isEqualTo(403);
      assertThat(JSON.readTree(forbidden.body()).at("/error/type").asText())
          .isEqualTo("ForbiddenException");
    } finally {
      rest.forbid(false);
    }
  }

  @Test
  void createAppendLoad(TestInfo test) {
    TableIdentifier id = table(test);
    RESTCatalog catalog = rest.catalog();
    rest.clearRequests();

    Table table = catalog.loadTable(id);
    assertThat(table.location()).isEqualTo(rest.warehouseLocation() + "/it/" + id.name());
    DataFile file = fakeFile(table, 3);
    table.newAppend().appendFile(file).commit();

    Table loaded = catalog.loadTable(id);
    assertThat(loaded.schema().asStruct()).isEqualTo(SCHEMA.asStruct());
    Snapshot current = loaded.currentSnapshot();
    assertThat(current).isNotNull();
    assertThat(current.summary()).containsEntry("added-records", "3");
    assertThat(current.addedDataFiles(loaded.io()))
        .extracting(f -> f.location())
        .containsExactly(file.location());

    // the table's files are in the bucket: metadata of the create and of the append, and more
    List<String> metadata = keys(rest.warehouseKeyPrefix() + "/it/" + id.name() + "/metadata/");
    assertThat(metadata.stream().filter(k -> k.endsWith(".metadata.json"))).hasSize(2);
    assertThat(metadata).anyMatch(k -> k.contains("/snap-") && k.endsWith(".avro"));
    assertThat(metadata)
        .anyMatch(
            k ->
                k.endsWith(
                    loaded
                        .currentSnapshot()
                        .manifestListLocation()
                        .replaceFirst("^s3://[^/]+/", "")));

    // the client honoured the prefix; the commit was a POST of the table
    assertThat(rest.requests())
        .allMatch(r -> r.path().startsWith("/v1/" + RestCatalogFixture.PREFIX + "/"))
        .allMatch(RestCatalogFixture.Request::hasAuthorization)
        .anyMatch(
            r ->
                r.method().equals("POST")
                    && r.path().equals("/v1/ws/namespaces/it/tables/" + id.name()));
  }

  /**
   * A commit applied by the catalog whose answer is lost comes to the client as 503, which Iceberg
   * maps to {@link CommitStateUnknownException}. For a plain append, Iceberg 1.11's client then
   * reconciles on its own: it reloads the table, finds its snapshot, and reports success.
   */
  @Test
  void appendAppliedButAnswerLostIsReconciledByTheClient(TestInfo test) {
    TableIdentifier id = table(test);
    Table table = rest.catalog().loadTable(id);
    int requests = rest.commitRequests();
    int applied = rest.appliedCommits();
    rest.clearRequests();

    rest.failNextCommitsAfterApplying(1);
    DataFile file = fakeFile(table, 5);
    table.newAppend().appendFile(file).commit(); // no exception: the client found its snapshot

    assertThat(rest.commitRequests()).isEqualTo(requests + 1);
    assertThat(rest.appliedCommits()).isEqualTo(applied + 1);
    String tablePath = "/v1/ws/namespaces/it/tables/" + id.name();
    assertThat(rest.requests())
        .extracting(r -> r.method() + " " + r.path() + " " + r.status())
        .containsSubsequence("POST " + tablePath + " 503", "GET " + tablePath + " 200");
    List<Snapshot> after = snapshots(id);
    assertThat(after).hasSize(1);
    assertThat(after.get(0).addedDataFiles(table.io()))
        .extracting(f -> f.location())
        .containsExactly(file.location());
  }

  /** Any other commit whose answer is lost fails with CommitStateUnknownException, yet landed. */
  @Test
  void commitAppliedButAnswerLostIsUnknownToTheClient(TestInfo test) {
    TableIdentifier id = table(test);
    Table table = rest.catalog().loadTable(id);
    int applied = rest.appliedCommits();

    rest.failNextCommitsAfterApplying(1);
    assertThatThrownBy(() -> table.updateProperties().set("floe.marker", "1").commit())
        .isInstanceOf(CommitStateUnknownException.class)
        .hasCauseInstanceOf(ServiceFailureException.class)
        .hasMessageContaining("503");

    assertThat(rest.appliedCommits()).isEqualTo(applied + 1);
    assertThat(rest.catalog().loadTable(id).properties()).containsEntry("floe.marker", "1");

    // the switch was for one commit only
    Table fresh = rest.catalog().loadTable(id);
    fresh.newAppend().appendFile(fakeFile(fresh, 1)).commit();
    assertThat(snapshots(id)).hasSize(1);
    assertThat(rest.appliedCommits()).isEqualTo(applied + 2);
  }

  @Test
  void commitRefusedBeforeApplying(TestInfo test) {
    TableIdentifier id = table(test);
    Table table = rest.catalog().loadTable(id);
    int requests = rest.commitRequests();
    int applied = rest.appliedCommits();

    rest.failNextCommitsBeforeApplying(1);
    // the client's reconciliation finds no snapshot of its own, so the state stays unknown to it
    assertThatThrownBy(() -> table.newAppend().appendFile(fakeFile(table, 5)).commit())
        .isInstanceOf(CommitStateUnknownException.class)
        .hasCauseInstanceOf(ServiceFailureException.class);

    assertThat(rest.commitRequests()).isEqualTo(requests + 1);
    assertThat(rest.appliedCommits()).isEqualTo(applied);
    assertThat(snapshots(id)).isEmpty();
  }

  @Test
  void idempotencyKeysWhenAdvertised(TestInfo test) throws Exception {
    TableIdentifier id = table(test);
    rest.advertiseIdempotencyKeyLifetime("PT30M");
    try (RESTCatalog catalog = rest.newCatalog(Map.of())) {
      String config =
          new Http(rest.uri()).get("v1/config", "Authorization", "Bearer " + TOKEN).body();
      assertThat(JSON.readTree(config).get("idempotency-key-lifetime").asText()).isEqualTo("PT30M");
      rest.clearRequests();

      Table table = catalog.loadTable(id);
      table.newAppend().appendFile(fakeFile(table, 1)).commit();

      String tablePath = "/v1/ws/namespaces/it/tables/" + id.name();
      assertThat(rest.requests())
          .filteredOn(r -> r.method().equals("POST") && r.path().equals(tablePath))
          .singleElement()
          .satisfies(r -> assertThat(r.idempotencyKey()).isNotBlank());
      assertThat(rest.requests())
          .filteredOn(r -> r.method().equals("GET"))
          .allMatch(r -> r.idempotencyKey() == null);
    } finally {
      rest.advertiseIdempotencyKeyLifetime(null);
    }
  }

  @Test
  void tablesSurviveRestart(TestInfo test) {
    TableIdentifier id = table(test);
    Table table = rest.catalog().loadTable(id);
    table.newAppend().appendFile(fakeFile(table, 2)).commit();
    long snapshotId = rest.catalog().loadTable(id).currentSnapshot().snapshotId();
    int port = rest.port();

    rest.stop();
    assertThat(rest.isRunning()).isFalse();
    assertThat(Files.exists(rest.database())).isTrue();
    rest.restart();

    assertThat(rest.port()).isEqualTo(port);
    Table reloaded = rest.catalog().loadTable(id);
    assertThat(reloaded.currentSnapshot().snapshotId()).isEqualTo(snapshotId);
    reloaded.newAppend().appendFile(fakeFile(reloaded, 4)).commit();
    assertThat(snapshots(id)).hasSize(2);
    assertThat(rest.catalog().listTables(NS)).contains(id);
  }
}
