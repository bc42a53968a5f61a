package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest keys and the admin lock on the real server: requests without, with a wrong, with a right
 * and with a rotated key; a key limited to some types; the key's name in the rows; the admin side
 * with and without its token, from loopback and from behind a proxy, cross-site and rate-limited;
 * and no key or token in any answer or log line.
 */
class SecurityIT {
  private static final String WEB_KEY = "web-key-0123456789abcdef";
  private static final String OLD_KEY = "old-key-fedcba9876543210";
  private static final String NEW_KEY = "new-key-a1b2c3d4e5f60718";
  private static final String ADMIN = "admin-token-5f4e3d2c1b0a";

  @TempDir Path dir;

  @Test
  void ingestKeysAndAdminToken() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    Path tokens = dir.resolve("tokens");
    Files.writeString(
        tokens,
        "# rotated: the old and the new key share a name\nbackend:"
            + OLD_KEY
            + "\nbackend:"
            + NEW_KEY
            + "\n");
    Path log = FloeServer.logFor("SecurityIT");
    try (FloeServer floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(log)
            .property("floe.warehouse", warehouse)
            .env("FLOE_INGEST_TOKENS", "web:" + WEB_KEY + ":page.|click.")
            .env("FLOE_INGEST_TOKENS_FILE", tokens)
            .env("FLOE_ADMIN_TOKEN", ADMIN)
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = floe.http();

      HttpResponse<String> none = http.post("events", "application/json", event("n1", "page.view"));
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"floe\"");
      assertThat(none.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");

      HttpResponse<String> wrong =
          http.post(
              "events", "application/json", event("w1", "page.view"), auth("not-a-key-at-all-123"));
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).doesNotContain("not-a-key-at-all-123");

      assertThat(post(http, WEB_KEY, "k1", "page.view").statusCode()).isEqualTo(202);
      assertThat(post(http, OLD_KEY, "k2", "order.paid").statusCode()).isEqualTo(202);
      assertThat(post(http, NEW_KEY, "k3", "order.paid").statusCode()).isEqualTo(202);
      HttpResponse<String> notAllowed = post(http, WEB_KEY, "k4", "order.paid");
      assertThat(notAllowed.statusCode()).isEqualTo(403);
      assertThat(notAllowed.body()).contains("order.paid").doesNotContain(WEB_KEY);
      HttpResponse<String> batch =
          http.post(
              "events/batch",
              "application/json",
              "{\"events\":[" + event("k5", "click.x") + "," + event("k6", "user.x") + "]}",
              auth(WEB_KEY));
      assertThat(batch.statusCode()).isEqualTo(403);
      assertThat(batch.body()).contains("index 1");

      // the admin side wants its token, as bearer or as a Basic password (a browser)
      assertThat(http.post("debug/flush", "application/json", "").statusCode()).isEqualTo(401);
      assertThat(http.post("debug/flush", "application/json", "", auth(WEB_KEY)).statusCode())
          .isEqualTo(401);
      assertThat(http.get("admin/stats").statusCode()).isEqualTo(401);
      String basic = "Basic " + Base64.getEncoder().encodeToString(("anyone:" + ADMIN).getBytes());
      assertThat(http.get("admin/stats", "Authorization", basic).statusCode()).isEqualTo(200);
      HttpResponse<String> crossSite =
          http.post(
              "debug/flush",
              "application/json",
              "",
              "Authorization",
              "Bearer " + ADMIN,
              "Origin",
              "https://evil.example");
      assertThat(crossSite.statusCode()).isEqualTo(403);
      HttpResponse<String> flush =
          http.post("debug/flush", "application/json", "", "Authorization", "Bearer " + ADMIN);
      assertThat(flush.statusCode()).as(flush.body()).isEqualTo(200);

      Map<String, String> keyById =
          TestTables.rows(TestTables.load(warehouse.resolve("analytics/events"))).stream()
              .collect(Collectors.toMap(r -> (String) r.getField("id"), SecurityIT::keyName));
      assertThat(keyById)
          .containsOnly(
              Map.entry("k1", "web"), Map.entry("k2", "backend"), Map.entry("k3", "backend"));
    }
    String logged = Files.readString(log);
    for (String secret : List.of(WEB_KEY, OLD_KEY, NEW_KEY, ADMIN)) {
      assertThat(logged).doesNotContain(secret);
    }
    assertThat(logged).contains("Admin call POST /debug/flush by admin token");
  }

  @Test
  void withoutAdminTokenOnlyLoopbackAndRateLimited() throws Exception {
    try (FloeServer floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(FloeServer.logFor("SecurityIT-loopback"))
            .property("floe.warehouse", dir.resolve("warehouse"))
            .env("FLOE_ADMIN_CALLS_PER_MINUTE", 3)
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = floe.http();
      // open ingest when no key is configured
      assertThat(http.post("events", "application/json", event("o1", "page.view")).statusCode())
          .isEqualTo(202);
      assertThat(http.get("debug/status/page.view").statusCode()).isEqualTo(200);
      HttpResponse<String> proxied =
          http.get("debug/status/page.view", "X-Forwarded-For", "203.0.113.9");
      assertThat(proxied.statusCode()).isEqualTo(403);
      assertThat(proxied.body()).contains("loopback");
      assertThat(http.get("admin", "CF-Connecting-IP", "203.0.113.9").statusCode()).isEqualTo(403);
      for (int i = 0; i < 3; i++) {
        assertThat(http.post("debug/flush", "application/json", "").statusCode()).isEqualTo(200);
      }
      HttpResponse<String> limited = http.post("debug/flush", "application/json", "");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
      // reading is not rate-limited
      assertThat(http.get("debug/status/page.view").statusCode()).isEqualTo(200);
    }
  }

  private static String keyName(Record r) {
    @SuppressWarnings("unchecked")
    Map<String, String> ext = (Map<String, String>) r.getField("extensions");
    return ext == null ? null : ext.get("floekey");
  }

  private static HttpResponse<String> post(Http http, String key, String id, String type) {
    return http.post("events", "application/json", event(id, type), auth(key));
  }

  private static String event(String id, String type) {
    return Http.event(id, type, null);
  }

  private static String[] auth(String key) {
    return new String[] {"Authorization", "Bearer " + key};
  }
}
