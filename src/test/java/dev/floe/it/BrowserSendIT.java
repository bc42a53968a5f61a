package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.floe.it.fixtures.Chromium;
import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.testing.TestTables;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Browsers as senders: a page served from another origin sends events to a real Floe with {@code
 * fetch(..., {keepalive: true})} and {@code navigator.sendBeacon} in headless chromium, with a site
 * key limited to that origin; the rows are read back. A page of an origin not allowed gets nothing
 * in.
 */
class BrowserSendIT {
  private static final String SITE_KEY = "site-key-0123456789abcdef";

  @TempDir Path dir;

  @Test
  void fetchAndBeaconFromAnotherOrigin() throws Exception {
    HttpServer pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String origin = "http://127.0.0.1:" + pages.getAddress().getPort();
    Path warehouse = dir.resolve("warehouse");
    try (FloeServer floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(FloeServer.logFor("BrowserSendIT"))
            .property("floe.warehouse", warehouse)
            .property("iceberg.buffer.timeout.ms", 3_600_000)
            .env("FLOE_CORS_ORIGINS", origin)
            .env("FLOE_INGEST_TOKENS", "site:" + SITE_KEY + ":page.:" + origin)
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      String events = "http://127.0.0.1:" + floe.port() + "/events";
      serve(pages, page(events, "ok"));
      serve(other, page(events, "evil"));
      pages.start();
      other.start();

      String dom = Chromium.render(origin + "/", dir);
      assertThat(dom).contains("fetch:202").contains("beacon:true");
      String refused =
          Chromium.render("http://127.0.0.1:" + other.getAddress().getPort() + "/", dir);
      assertThat(refused).doesNotContain("fetch:202");

      Http http = floe.http();
      // preflight as a browser sends it, and the answers' CORS headers
      HttpResponse<String> preflight =
          http.options(
              "events",
              "Origin",
              origin,
              "Access-Control-Request-Method",
              "POST",
              "Access-Control-Request-Headers",
              "content-type,authorization");
      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
          .contains("authorization");
      assertThat(
              http.options(
                      "events",
                      "Origin",
                      "http://elsewhere.example",
                      "Access-Control-Request-Method",
                      "POST")
                  .statusCode())
          .isEqualTo(403);
      // the site key from a server without its origin is refused
      assertThat(
              http.post(
                      "events",
                      "application/json",
                      Http.event("x", "page.view", null),
                      "Authorization",
                      "Bearer " + SITE_KEY)
                  .statusCode())
          .isEqualTo(403);

      assertThat(http.post("debug/flush", "application/json", "").statusCode()).isEqualTo(200);
      Map<String, Object> keyById =
          TestTables.rows(TestTables.load(warehouse.resolve("analytics/events"))).stream()
              .collect(Collectors.toMap(r -> (String) r.getField("id"), BrowserSendIT::key));
      assertThat(keyById).containsOnlyKeys("ok-fetch", "ok-beacon");
      assertThat(keyById.values()).containsOnly("site");
    } finally {
      pages.stop(0);
      other.stop(0);
    }
  }

  private static Object key(Record r) {
    Map<?, ?> ext = (Map<?, ?>) r.getField("extensions");
    return ext == null ? null : ext.get("floekey");
  }

  /** A page that sends one event with fetch and one with sendBeacon, and prints what happened. */
  private static String page(String events, String prefix) {
    String event = "JSON.stringify({specversion:'1.0',type:'page.view',source:'browser',id:'%s'})";
    return "<!doctype html><html><body><pre id=out></pre><script>\n"
        + "const out = document.getElementById('out');\n"
        + "fetch('"
        + events
        + "', {method: 'POST', keepalive: true,\n"
        + "  headers: {'Content-Type': 'application/cloudevents+json',"
        + " 'Authorization': 'Bearer "
        + SITE_KEY
        + "'},\n"
        + "  body: "
        + String.format(event, prefix + "-fetch")
        + "})\n"
        + "  .then(r => { out.textContent += 'fetch:' + r.status + '\\n'; })\n"
        + "  .catch(e => { out.textContent += 'fetch-error:' + e + '\\n'; })\n"
        + "  .finally(() => {\n"
        + "    const ok = navigator.sendBeacon('"
        + events
        + "?key="
        + SITE_KEY
        + "', "
        + String.format(event, prefix + "-beacon")
        + ");\n"
        + "    out.textContent += 'beacon:' + ok + '\\n';\n"
        + "    setTimeout(() => { out.textContent += 'done\\n'; }, 1500);\n"
        + "  });\n"
        + "</script></body></html>";
  }

  private static void serve(HttpServer server, String html) {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
  }
}
