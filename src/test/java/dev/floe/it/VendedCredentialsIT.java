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
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 12 on the real server: the REST catalog fixture vends short-lived storage access
 * with each table load (an endpoint that answers {@code ExpiredToken} once its time is up, see
 * {@link ExpiringEndpoints}). Floe loads the table again before the advertised expiry ({@code
 * s3.session-token-expires-at-ms}), and again after storage refuses access whose expiry was not
 * advertised; flushes keep landing, every event once.
 */
class VendedCredentialsIT {
  private static final String TOKEN = "floe-it-vended-credentials-token";
  private static final TableIdentifier EVENTS = TableIdentifier.of("analytics", "events");
  private static final long TTL_MS = 20_000;

  @TempDir Path dir;

  @Test
  void expiringCredentialsAreRefreshedAndFlushesKeepLanding() throws Exception {
    try (S3Proxy s3 = S3Proxy.start(dir.resolve("s3"));
        ExpiringEndpoints proxy = new ExpiringEndpoints(s3.port());
        RestCatalogFixture rest = RestCatalogFixture.start(dir.resolve("rest"), s3, "lake", TOKEN);
        FloeServer floe =
            FloeServer.builder(dir.resolve("payara"))
                .logFile(FloeServer.logFor("VendedCredentialsIT"))
                .env("R2_CATALOG_ENDPOINT", rest.uri())
                .env("R2_CATALOG_AUTH_TOKEN", TOKEN)
                .env("ICEBERG_WAREHOUSE", rest.warehouse())
                .storage(s3, rest.bucket(), s3.secretKey())
                .env("ICEBERG_BUFFER_TIMEOUT_MS", 3_600_000)
                .env("FLOE_FLUSH_RETRY_MAX_MS", 1000)
                .build()) {
      rest.vendCredentials(() -> vended(s3, proxy, true));
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = floe.http();

      accept(http, "first");
      assertThat(flush(http).statusCode()).isEqualTo(200);
      Thread.sleep(TTL_MS + 2_000); // the first credentials have expired
      accept(http, "after-advertised-expiry");
      HttpResponse<String> flush = flush(http);
      assertThat(flush.statusCode()).as(flush.body()).isEqualTo(200);

      // credentials whose expiry the catalog does not tell: only storage's refusal says so
      rest.vendCredentials(() -> vended(s3, proxy, false));
      Thread.sleep(TTL_MS / 2 + 1_000); // past the reload time of the table loaded last
      accept(http, "with-unadvertised");
      assertThat(flush(http).statusCode()).isEqualTo(200);
      Thread.sleep(TTL_MS + 2_000); // those have expired, and Floe could not know when
      accept(http, "after-unadvertised-expiry");
      // the first request to meet the expired credentials is refused: the background storage
      // check's HEAD (every 5 s) or this flush. Either way the refusal has the table loaded again,
      // so this flush or the next one lands.
      int status = flush(http).statusCode();
      for (int attempt = 0; attempt < 3 && status != 200; attempt++) {
        Thread.sleep(1_500);
        status = flush(http).statusCode();
      }
      assertThat(status)
          .as("a flush after the refusal loads the table again and lands")
          .isEqualTo(200);
      assertThat(proxy.refused()).as("storage refused expired credentials").isPositive();

      List<String> ids =
          TestTables.rows(rest.catalog().loadTable(EVENTS)).stream()
              .map(r -> (String) r.getField("id"))
              .toList();
      assertThat(ids)
          .containsExactlyInAnyOrder(
              "first", "after-advertised-expiry", "with-unadvertised", "after-unadvertised-expiry");
      assertThat(floe.log()).doesNotContain(s3.secretKey());
    }
  }

  private static Map<String, String> vended(S3Proxy s3, ExpiringEndpoints proxy, boolean tell) {
    long expires = System.currentTimeMillis() + TTL_MS;
    Map<String, String> m = new java.util.HashMap<>();
    m.put("s3.endpoint", proxy.open(expires));
    m.put("s3.access-key-id", s3.accessKey());
    m.put("s3.secret-access-key", s3.secretKey());
    if (tell) {
      m.put("s3.session-token-expires-at-ms", Long.toString(expires));
    }
    return m;
  }

  private static void accept(Http http, String id) {
    HttpResponse<String> r =
        http.post("events", "application/json", Http.event(id, "vended.test", null));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  private static HttpResponse<String> flush(Http http) {
    return http.post("debug/flush", "application/json", "");
  }
}
