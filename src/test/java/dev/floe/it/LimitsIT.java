package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.testing.TestTables;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits no client can break, on the real server with its post-boot commands: times outside the
 * window, one batch over 10,000 hours, a client over its rate, a body sent a byte a second, and 200
 * stalled uploads, while a well-behaved client's events keep landing.
 */
class LimitsIT {
  @TempDir Path dir;

  @Test
  void clientsCannotBreakTheLimits() throws Exception {
    try (FloeServer floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(FloeServer.logFor("LimitsIT"))
            .property("floe.warehouse", dir.resolve("warehouse"))
            .options(
                "--postbootcommandfile",
                System.getProperty("floe.it.serverConfig") + "/post-boot-commands.asadmin")
            .env("FLOE_BODY_TIMEOUT", "3s")
            .env("FLOE_RATE_EVENTS_PER_SECOND", 100)
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = floe.http();

      String future = Instant.now().plus(2, ChronoUnit.HOURS).toString();
      HttpResponse<String> ahead =
          http.post("events", "application/json", Http.event("f1", "lim.t", future));
      assertThat(ahead.statusCode()).isEqualTo(400);
      assertThat(ahead.body())
          .contains("outside the accepted window")
          .contains("FLOE_EVENT_MAX_LEAD");
      for (String t : List.of("0000-01-01T00:00:00Z", "9999-12-31T23:00:00Z")) {
        assertThat(
                http.post("events", "application/json", Http.event("y", "lim.t", t)).statusCode())
            .as(t)
            .isEqualTo(400);
      }

      Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(10_001, ChronoUnit.HOURS);
      String spread =
          IntStream.range(0, 10_000)
              .mapToObj(
                  i ->
                      Http.event("s" + i, "lim.spread", start.plus(i, ChronoUnit.HOURS).toString()))
              .collect(Collectors.joining(",", "{\"events\":[", "]}"));
      HttpResponse<String> hours = http.post("events/batch", "application/json", spread);
      assertThat(hours.statusCode()).isEqualTo(400);
      assertThat(hours.body()).contains("FLOE_MAX_REQUEST_PARTITIONS");
      assertThat(http.get("debug/status/lim.spread").body()).contains("\"buffered_count\":0");

      assertThat(batch(http, "r", 90).statusCode()).isEqualTo(202);
      HttpResponse<String> fast = batch(http, "q", 90);
      assertThat(fast.statusCode()).isEqualTo(429);
      assertThat(fast.headers().firstValue("Retry-After")).isPresent();

      // a byte a second: refused once the body timeout passed
      long t0 = System.nanoTime();
      String answer = trickle(floe.port());
      assertThat(answer).startsWith("HTTP/1.1 408");
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(45); // the whole body would take 60 s

      // 200 uploads that stall after their headers, and a client that behaves
      List<Socket> stalled = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        Socket s = new Socket("127.0.0.1", floe.port());
        s.getOutputStream().write(head(floe.port(), 1000).getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write("{\"specversion\"".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        stalled.add(s);
      }
      Thread.sleep(1500); // every r-request rate token is back
      for (int i = 0; i < 20; i++) {
        assertThat(wellBehaved(http, Http.event("w" + i, "lim.good", null))).isEqualTo(202);
      }
      int closed = 0;
      for (Socket s : stalled) {
        s.setSoTimeout(30_000);
        try (s;
            InputStream in = s.getInputStream()) {
          in.readAllBytes(); // an answer or a close, never a hang
          closed++;
        } catch (IOException e) {
          closed++; // reset by the server
        }
      }
      assertThat(closed).isEqualTo(200);
      assertThat(wellBehavedFlush(http)).isEqualTo(200);
      assertThat(http.get("debug/status/lim.good").body()).contains("\"buffered_count\":0");
    }
  }

  /**
   * The caps on open partitions and event types across all requests: a request that would open one
   * partition or type too many is refused whole with 503 and Retry-After while open partitions keep
   * taking events; after a kill, a node with lower caps still takes back everything its log holds,
   * and it all lands.
   */
  @Test
  void openPartitionsAndEventTypesAreCapped() throws Exception {
    Path root = dir.resolve("caps");
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(10, ChronoUnit.HOURS);
    List<String> accepted = new ArrayList<>();
    try (FloeServer floe =
        FloeServer.builder(root)
            .logFile(FloeServer.logFor("LimitsIT-caps"))
            .property("floe.warehouse", dir.resolve("warehouse"))
            .noTimedFlush()
            .env("FLOE_MAX_OPEN_PARTITIONS", 4)
            .env("FLOE_MAX_EVENT_TYPES", 2)
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = floe.http();
      assertThat(send(http, accepted, "a1", "cap.a", hour, "a2", "cap.a", hour.plusSeconds(3600)))
          .isEqualTo(202);
      assertThat(send(http, accepted, "b1", "cap.b", hour)).isEqualTo(202);

      HttpResponse<String> newType =
          http.post("events", "application/json", at("c1", "cap.c", hour));
      assertThat(newType.statusCode()).isEqualTo(503);
      assertThat(newType.headers().firstValue("Retry-After")).isPresent();
      assertThat(newType.body()).contains("too-many-event-types").contains("FLOE_MAX_EVENT_TYPES");

      assertThat(send(http, accepted, "a3", "cap.a", hour.plusSeconds(7200))).isEqualTo(202);
      HttpResponse<String> oneTooMany =
          http.post(
              "events/batch",
              "application/json",
              Http.batch(
                  List.of(at("a4", "cap.a", hour), at("a5", "cap.a", hour.plusSeconds(3 * 3600)))));
      assertThat(oneTooMany.statusCode()).isEqualTo(503);
      assertThat(oneTooMany.headers().firstValue("Retry-After")).isPresent();
      assertThat(oneTooMany.body())
          .contains("too-many-open-partitions")
          .contains("FLOE_MAX_OPEN_PARTITIONS")
          .contains("nothing of this request was kept");
      assertThat(oneTooMany.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      // open partitions keep taking events
      assertThat(send(http, accepted, "a6", "cap.a", hour, "b2", "cap.b", hour)).isEqualTo(202);

      String metrics = http.get("admin/metrics").body();
      assertThat(figure(metrics, "floe_open_partitions_refused_total")).isEqualTo(1.0);
      assertThat(figure(metrics, "floe_event_types_refused_total")).isEqualTo(1.0);
      assertThat(figure(metrics, "floe_buffered_partitions")).isEqualTo(4.0);
      assertThat(figure(metrics, "floe_buffered_types")).isEqualTo(2.0);
      floe.kill(); // every accepted event is in the log only
    }

    // lower caps than the log holds: the replay must not refuse its own events
    try (FloeServer floe =
        FloeServer.builder(root)
            .logFile(FloeServer.logFor("LimitsIT-caps-replay"))
            .property("floe.warehouse", dir.resolve("warehouse"))
            .noTimedFlush()
            .env("FLOE_MAX_OPEN_PARTITIONS", 1)
            .env("FLOE_MAX_EVENT_TYPES", 1)
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = floe.http();
      assertThat(http.post("events", "application/json", at("x", "cap.x", hour)).statusCode())
          .isEqualTo(503);
      assertThat(send(http, accepted, "a7", "cap.a", hour)).isEqualTo(202);
      assertThat(http.flush().statusCode()).isEqualTo(200);
      List<String> ids =
          TestTables.rows(TestTables.load(dir.resolve("warehouse/analytics/events"))).stream()
              .map(r -> (String) r.getField("id"))
              .toList();
      assertThat(ids).containsExactlyInAnyOrderElementsOf(accepted);
      // flushed buffers are no longer open partitions: a new type opens
      assertThat(send(http, accepted, "x2", "cap.x", hour)).isEqualTo(202);
    }
  }

  /** Sends id, type, time triples as one batch; remembers the ids when accepted. */
  private static int send(Http http, List<String> accepted, Object... triples) {
    List<String> events = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < triples.length; i += 3) {
      events.add(at((String) triples[i], (String) triples[i + 1], (Instant) triples[i + 2]));
      ids.add((String) triples[i]);
    }
    int status = http.post("events/batch", "application/json", Http.batch(events)).statusCode();
    if (status == 202) {
      accepted.addAll(ids);
    }
    return status;
  }

  private static String at(String id, String type, Instant time) {
    return Http.event(id, type, time.toString());
  }

  /** The value of an unlabelled figure in Prometheus text. */
  private static double figure(String prometheus, String name) {
    return prometheus
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " missing from the metrics"));
  }

  /**
   * A client that behaves: like any HTTP client, it sends again on a new connection when the server
   * had closed the idle one it reused (the transport read timeout also ends idle keep-alives).
   */
  private static int wellBehaved(Http http, String event) {
    try {
      return http.post("events", "application/json", event).statusCode();
    } catch (java.io.UncheckedIOException e) {
      return http.post("events", "application/json", event).statusCode();
    }
  }

  private static int wellBehavedFlush(Http http) {
    try {
      return http.post("debug/flush", "application/json", "").statusCode();
    } catch (java.io.UncheckedIOException e) {
      return http.post("debug/flush", "application/json", "").statusCode();
    }
  }

  private static HttpResponse<String> batch(Http http, String prefix, int n) {
    return http.post(
        "events/batch",
        "application/json",
        IntStream.range(0, n)
            .mapToObj(i -> Http.event(prefix + i, "lim.rate", null))
            .collect(Collectors.joining(",", "{\"events\":[", "]}")));
  }

  /** Sends a 60-byte body a byte a second; returns the server's answer (its first line on). */
  private static String trickle(int port) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(head(port, 60).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      StringBuilder got = new StringBuilder();
      Thread reader =
          new Thread(
              () -> {
                byte[] chunk = new byte[4096];
                try {
                  InputStream in = s.getInputStream();
                  for (int n; (n = in.read(chunk)) > 0; ) {
                    synchronized (got) {
                      got.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
                    }
                  }
                } catch (IOException e) {
                  // closed or reset after the answer: what arrived is kept
                }
              });
      reader.start();
      for (int i = 0; i < 60 && reader.isAlive(); i++) {
        try {
          out.write('{');
          out.flush();
        } catch (IOException e) {
          break; // the server gave up on us
        }
        Thread.sleep(1000);
      }
      reader.join(20_000);
      synchronized (got) {
        return got.toString();
      }
    }
  }

  private static String head(int port, int length) {
    return "POST /events HTTP/1.1\r\nHost: 127.0.0.1:"
        + port
        + "\r\nContent-Type: application/json\r\nContent-Length: "
        + length
        + "\r\n\r\n";
  }
}
