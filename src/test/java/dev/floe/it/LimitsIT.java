package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
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
