package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.RestCatalogFixture;
import dev.floe.it.fixtures.S3Proxy;
import dev.floe.it.harness.FloeServer;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 10 on the real server with the REST catalog fixture: Floe's own table is dropped
 * through {@code DELETE /debug/tables/events} while an acknowledged event waits in the buffers. The
 * table created again (another table UUID) holds no positions; Floe heals by itself: the waiting
 * event and later ones land in the new table, and the commit check stays UP.
 */
class DroppedTableIT {
  private static final String TOKEN = "floe-it-dropped-table-token";
  private static final TableIdentifier EVENTS = TableIdentifier.of("analytics", "events");

  @TempDir Path dir;

  @Test
  void aDroppedTableIsCreatedAgainAndTakesTheWaitingEvents() throws Exception {
    try (S3Proxy s3 = S3Proxy.start(dir.resolve("s3"));
        RestCatalogFixture rest = RestCatalogFixture.start(dir.resolve("rest"), s3, "lake", TOKEN);
        FloeServer floe =
            FloeServer.builder(dir.resolve("payara"))
                .logFile(FloeServer.logFor("DroppedTableIT"))
                .env("R2_CATALOG_ENDPOINT", rest.uri())
                .env("R2_CATALOG_AUTH_TOKEN", TOKEN)
                .env("ICEBERG_WAREHOUSE", rest.warehouse())
                .storage(s3, rest.bucket(), s3.secretKey())
                .env("FLOE_ADMIN_DROP_ENABLED", true)
                .env("ICEBERG_BUFFER_TIMEOUT_MS", 3_600_000)
                .env("FLOE_FLUSH_RETRY_MAX_MS", 1000)
                .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = floe.http();
      accept(http, "before-drop");
      assertThat(flush(http).statusCode()).isEqualTo(200);
      String oldUuid = rest.catalog().loadTable(EVENTS).uuid().toString();

      accept(http, "waiting");
      HttpResponse<String> drop = http.delete("debug/tables/events?confirm=events&purge=true");
      assertThat(drop.statusCode()).as(drop.body()).isEqualTo(200);

      HttpResponse<String> flush = flush(http);
      assertThat(flush.statusCode()).as(flush.body()).isEqualTo(200);
      accept(http, "after-drop");
      flush = flush(http);
      assertThat(flush.statusCode()).as(flush.body()).isEqualTo(200);
      assertThat(http.get("health/live").statusCode()).isEqualTo(200);

      Table table = rest.catalog().loadTable(EVENTS);
      assertThat(table.uuid().toString()).as("a new table").isNotEqualTo(oldUuid);
      List<String> ids =
          TestTables.rows(table).stream().map(r -> (String) r.getField("id")).toList();
      assertThat(ids).containsExactlyInAnyOrder("waiting", "after-drop");
    }
  }

  private static void accept(Http http, String id) {
    HttpResponse<String> r =
        http.post("events", "application/json", Http.event(id, "dropped.test", null));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  private static HttpResponse<String> flush(Http http) {
    return http.post("debug/flush", "application/json", "");
  }
}
