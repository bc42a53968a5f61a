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
 * and no key or token in any answer or log line; Cloudflare's headers believed only from trusted
 * peers.
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

  /**
   * {@code FLOE_ADMIN_PORT}: the listener the pre-boot file of the scripts creates; the admin side
   * answers there and not on the main port, ingest on the main port and not there.
   */
  @Test
  void adminPortSplitsTheAdminSideFromIngest() throws Exception {
    int adminPort;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      adminPort = free.getLocalPort();
    }
    try (FloeServer floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(FloeServer.logFor("SecurityIT-admin-port"))
            .property("floe.warehouse", dir.resolve("warehouse"))
            .options(
                "--prebootcommandfile",
                System.getProperty("floe.it.serverConfig") + "/admin-port.asadmin")
            .env("FLOE_ADMIN_PORT", adminPort)
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http main = floe.http();
      Http admin = new Http("http://localhost:" + adminPort + "/");

      assertThat(main.post("events", "application/json", event("p1", "port.test")).statusCode())
          .isEqualTo(202);
      HttpResponse<String> ingestOnAdmin =
          admin.post("events", "application/json", event("p2", "port.test"));
      assertThat(ingestOnAdmin.statusCode()).isEqualTo(404);
      assertThat(ingestOnAdmin.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");

      for (String path : List.of("admin", "admin/stats", "debug/status/port.test")) {
        assertThat(main.get(path).statusCode()).as("main port " + path).isEqualTo(404);
        assertThat(admin.get(path).statusCode()).as("admin port " + path).isEqualTo(200);
      }
      assertThat(main.post("debug/flush", "application/json", "").statusCode()).isEqualTo(404);
      HttpResponse<String> flush = admin.post("debug/flush", "application/json", "");
      assertThat(flush.statusCode()).as(flush.body()).isEqualTo(200);
      assertThat(
              TestTables.rows(TestTables.load(dir.resolve("warehouse/analytics/events"))).stream()
                  .map(r -> r.getField("id")))
          .containsExactly("p1");
      // health stays on both ports, for probes
      assertThat(main.get("health/ready").statusCode()).isEqualTo(200);
    }
  }

  /**
   * Forged Cloudflare headers: ignored by default and from a peer outside the trusted ranges (the
   * cf_* columns stay null, and a made-up CF-Connecting-IP does not buy a fresh rate), honoured
   * from a trusted range (the columns filled, each named client charged on its own).
   */
  @Test
  void cloudflareHeadersCountOnlyFromTrustedPeers() throws Exception {
    record Case(String name, String proxies, boolean trusted) {}
    for (Case c :
        List.of(
            new Case("default", null, false),
            new Case("other-range", "10.0.0.0/8, 2001:db8::/32", false),
            new Case("loopback-range", "127.0.0.0/8, ::1/128", true))) {
      Path warehouse = dir.resolve(c.name() + "/warehouse");
      FloeServer.Builder b =
          FloeServer.builder(dir.resolve(c.name() + "/payara"))
              .logFile(FloeServer.logFor("SecurityIT-trust-" + c.name()))
              .property("floe.warehouse", warehouse)
              .env("FLOE_RATE_EVENTS_PER_SECOND", 100);
      if (c.proxies() != null) {
        b.env("FLOE_TRUSTED_PROXIES", c.proxies());
      }
      try (FloeServer floe = b.build()) {
        floe.start().awaitReady(FloeServer.START_TIMEOUT);
        Http http = floe.http();
        // 200 events: over a second's allowance, so this client then waits two seconds
        assertThat(forged(http, "a", "198.51.100.1").statusCode()).as(c.name()).isEqualTo(202);
        HttpResponse<String> other = forged(http, "b", "198.51.100.2");
        assertThat(other.statusCode())
            .as(c.name() + ": another named client")
            .isEqualTo(c.trusted() ? 202 : 429);
        assertThat(forged(http, "c", "198.51.100.1").statusCode())
            .as(c.name() + ": the first client again")
            .isEqualTo(429);
        assertThat(http.flush().statusCode()).isEqualTo(200);

        List<Record> rows = TestTables.rows(TestTables.load(warehouse.resolve("analytics/events")));
        assertThat(rows).hasSize(c.trusted() ? 400 : 200);
        for (Record r : rows) {
          assertThat(r.getField("cf_country")).as(c.name()).isEqualTo(c.trusted() ? "ZZ" : null);
          assertThat(r.getField("cf_colo")).as(c.name()).isEqualTo(c.trusted() ? "XYZ" : null);
          assertThat(r.getField("cf_city")).as(c.name()).isEqualTo(c.trusted() ? "Nowhere" : null);
          assertThat(r.getField("cf_http_protocol"))
              .as("from the connection")
              .isEqualTo("HTTP/1.1");
        }
      }
    }
  }

  /** A batch of 200 events carrying Cloudflare's headers, naming {@code client}. */
  private static HttpResponse<String> forged(Http http, String prefix, String client) {
    List<String> events = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      events.add(event(prefix + i, "page.view"));
    }
    return http.post(
        "events/batch",
        "application/json",
        Http.batch(events),
        "CF-IPCountry",
        "ZZ",
        "CF-Ray",
        "8a1b2c3d4e5f6789-XYZ",
        "cf-ipcity",
        "Nowhere",
        "CF-Connecting-IP",
        client);
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
