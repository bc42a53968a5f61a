package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.testing.TestTables;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sender built on the official CloudEvents Java SDK reaches Floe at the first try: structured,
 * binary and batched content modes, all on {@code /events}, land as rows; and the webhook
 * validation handshake answers per {@code FLOE_WEBHOOK_ORIGINS} while CORS preflights still work.
 */
class CloudEventsSdkIT {
  private static final String LONG_EXTENSION = "correlationidentifierofthesender"; // 32 chars
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void sdkSendsInEveryContentModeAndTheRowsLand() throws Exception {
    try (FloeServer floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(FloeServer.logFor("CloudEventsSdkIT"))
            .property("floe.warehouse", dir.resolve("warehouse"))
            .property("iceberg.buffer.timeout.ms", 3_600_000)
            .property("floe.cors.origins", "https://app.example.com")
            .property("floe.webhook.origins", "sender.example.com")
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      URI events =
          URI.create(floe.baseUrl() + (floe.baseUrl().endsWith("/") ? "" : "/") + "events");

      assertThat(send(events, sdkWrite(event("s1"), true)).statusCode()).isEqualTo(202);
      assertThat(send(events, sdkWrite(event("b1"), false)).statusCode()).isEqualTo(202);
      ObjectMapper sdkJson =
          new ObjectMapper().registerModule(JsonFormat.getCloudEventJacksonModule());
      byte[] batch = sdkJson.writeValueAsBytes(List.of(event("a1"), event("a2")));
      HttpResponse<String> batched =
          send(
              events,
              new Written(Map.of("Content-Type", "application/cloudevents-batch+json"), batch));
      assertThat(batched.statusCode()).isEqualTo(202);
      assertThat(batched.body()).contains("\"accepted\":2");

      Http http = floe.http();
      assertThat(http.post("debug/flush/sdk.test", "application/json", "").statusCode())
          .isEqualTo(200);
      List<Record> rows =
          TestTables.rows(TestTables.load(dir.resolve("warehouse/analytics/events"))).stream()
              .filter(r -> "sdk.test".equals(r.getField("type")))
              .toList();
      assertThat(rows)
          .extracting(r -> r.getField("id"))
          .containsExactlyInAnyOrder("s1", "b1", "a1", "a2");
      for (Record r : rows) {
        assertThat(r.getField("source")).isEqualTo("https://sender.example.com/sdk");
        assertThat(r.getField("subject")).isEqualTo("order-7");
        assertThat((String) r.getField("data")).contains("\"amount\"").contains("42");
        @SuppressWarnings("unchecked")
        Map<String, String> ext = (Map<String, String>) r.getField("extensions");
        assertThat(ext).containsEntry(LONG_EXTENSION, "c-9");
      }

      // the webhook handshake: an allowed sender, another, and a browser's preflight beside it
      HttpResponse<String> allowed =
          http.options(
              "events",
              "WebHook-Request-Origin",
              "sender.example.com",
              "WebHook-Request-Rate",
              "120");
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.headers().firstValue("WebHook-Allowed-Origin"))
          .hasValue("sender.example.com");
      assertThat(allowed.headers().firstValue("WebHook-Allowed-Rate")).hasValue("*");
      assertThat(allowed.headers().firstValue("Allow")).hasValue("POST");
      HttpResponse<String> other =
          http.options("events/batch", "WebHook-Request-Origin", "evil.example.org");
      assertThat(other.statusCode()).isEqualTo(403);
      assertThat(other.headers().firstValue("WebHook-Allowed-Origin")).isEmpty();
      assertThat(other.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      HttpResponse<String> preflight =
          http.options(
              "events",
              "Origin",
              "https://app.example.com",
              "Access-Control-Request-Method",
              "POST",
              "Access-Control-Request-Headers",
              "content-type");
      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("https://app.example.com");
      assertThat(preflight.headers().firstValue("WebHook-Allowed-Origin")).isEmpty();
    }
  }

  private static CloudEvent event(String id) {
    return CloudEventBuilder.v1()
        .withId(id)
        .withType("sdk.test")
        .withSource(URI.create("https://sender.example.com/sdk"))
        .withSubject("order-7")
        .withTime(OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS))
        .withExtension(LONG_EXTENSION, "c-9")
        .withData("application/json", "{\"amount\":42}".getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /** Headers and body as the SDK's HTTP binding writes them. */
  record Written(Map<String, String> headers, byte[] body) {}

  private static Written sdkWrite(CloudEvent event, boolean structured) {
    Map<String, String> headers = new LinkedHashMap<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    var writer =
        HttpMessageFactory.createWriter(
            headers::put, b -> body.writeBytes(b == null ? new byte[0] : b));
    if (structured) {
      writer.writeStructured(event, new JsonFormat());
    } else {
      writer.writeBinary(event);
    }
    return new Written(headers, body.toByteArray());
  }

  private static HttpResponse<String> send(URI uri, Written w) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(w.body()));
    w.headers()
        .forEach(
            (k, v) -> {
              if (!k.equalsIgnoreCase("content-length")) { // the client sets it itself
                b.header(k, v);
              }
            });
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
