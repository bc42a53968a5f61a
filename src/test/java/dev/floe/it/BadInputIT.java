package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.it.harness.Harness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and hostile requests against the real server: each is refused with a 4xx problem+json
 * (never a 5xx, never the server's HTML page), and Floe keeps accepting good events afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String JSON_TYPE = "application/json";
  private static final String CE_JSON = "application/cloudevents+json";
  private static final String CE_BATCH = "application/cloudevents-batch+json";

  private static final String GOOD =
      "{\"specversion\":\"1.0\",\"type\":\"it.bad.input\",\"source\":\"bad-input-it\","
          + "\"id\":\"ok-1\",\"time\":\"2024-01-15T14:30:00Z\",\"data\":{\"page\":\"/home\"}}";

  @RegisterExtension
  static final Harness harness =
      Harness.with().floe(f -> f.property("iceberg.buffer.timeout.ms", 4000)).build();

  /** One hostile request and the status it must get. */
  record Bad(
      String name,
      String method,
      String path,
      Map<String, String> headers,
      byte[] body,
      int status,
      Integer index) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> badInputs() throws IOException {
    List<Bad> all = new ArrayList<>();
    // JSON syntax
    all.add(post("broken JSON", "events", JSON_TYPE, "{\"specversion\":\"1.0\",", 400));
    all.add(post("not JSON at all", "events", CE_JSON, "hello", 400));
    all.add(post("single quotes", "events", JSON_TYPE, "{'specversion':'1.0'}", 400));
    all.add(post("empty body", "events", JSON_TYPE, "", 400));
    all.add(post("duplicate keys", "events", JSON_TYPE, "{\"id\":\"x\"," + GOOD.substring(1), 400));
    all.add(post("trailing garbage", "events", JSON_TYPE, GOOD + " garbage", 400));
    all.add(post("two objects", "events", JSON_TYPE, GOOD + GOOD, 400));
    all.add(post("JSON array to /events", "events", JSON_TYPE, "[" + GOOD + "]", 400));
    all.add(post("JSON string to /events", "events", JSON_TYPE, "\"event\"", 400));
    all.add(
        post(
            "10k-deep nesting in data",
            "events",
            JSON_TYPE,
            GOOD.replace("{\"page\":\"/home\"}", "[".repeat(10_000) + "]".repeat(10_000)),
            400));
    all.add(
        new Bad(
            "invalid UTF-8",
            "POST",
            "events",
            Map.of("Content-Type", JSON_TYPE),
            invalidUtf8(),
            400,
            null));
    // wrong types and missing attributes
    all.add(post("id is a number", "events", JSON_TYPE, GOOD.replace("\"ok-1\"", "5"), 400));
    all.add(
        post("type is null", "events", JSON_TYPE, GOOD.replace("\"it.bad.input\"", "null"), 400));
    all.add(
        post(
            "source is an object",
            "events",
            JSON_TYPE,
            GOOD.replace("\"bad-input-it\"", "{}"),
            400));
    for (String name : List.of("specversion", "id", "source", "type")) {
      all.add(post("missing " + name, "events", JSON_TYPE, without(GOOD, name), 400));
    }
    all.add(post("empty id", "events", JSON_TYPE, GOOD.replace("\"ok-1\"", "\"\""), 400));
    all.add(post("specversion 0.3", "events", JSON_TYPE, GOOD.replace("\"1.0\"", "\"0.3\""), 400));
    all.add(
        post(
            "time without offset",
            "events",
            JSON_TYPE,
            GOOD.replace("2024-01-15T14:30:00Z", "2024-01-15T14:30:00"),
            400));
    all.add(
        post(
            "time is not a date",
            "events",
            JSON_TYPE,
            GOOD.replace("2024-01-15T14:30:00Z", "yesterday"),
            400));
    all.add(
        post(
            "time is a number",
            "events",
            JSON_TYPE,
            GOOD.replace("\"2024-01-15T14:30:00Z\"", "1705329000"),
            400));
    all.add(
        post(
            "extension name with capitals",
            "events",
            JSON_TYPE,
            with(GOOD, "\"MyExt\":\"v\""),
            400));
    all.add(
        post(
            "extension name with underscore",
            "events",
            JSON_TYPE,
            with(GOOD, "\"my_ext\":\"v\""),
            400));
    all.add(
        post(
            "extension name of 129 chars",
            "events",
            JSON_TYPE,
            with(GOOD, "\"" + "a".repeat(129) + "\":\"v\""),
            400));
    all.add(
        post(
            "extension value is an object",
            "events",
            JSON_TYPE,
            with(GOOD, "\"ext\":{\"a\":1}"),
            400));
    all.add(
        post(
            "data and data_base64",
            "events",
            JSON_TYPE,
            with(GOOD, "\"data_base64\":\"aGk=\""),
            400));
    all.add(
        post(
            "type with a control character",
            "events",
            JSON_TYPE,
            GOOD.replace("it.bad.input", "it\\u0000x"),
            400));
    all.add(
        post(
            "type over 255 bytes",
            "events",
            JSON_TYPE,
            GOOD.replace("it.bad.input", "t".repeat(256)),
            400));
    // batches
    all.add(post("empty batch", "events/batch", JSON_TYPE, "{\"events\":[]}", 400));
    all.add(post("empty batch array", "events/batch", CE_BATCH, "[]", 400));
    all.add(post("batch without events", "events/batch", JSON_TYPE, "{}", 400));
    all.add(post("batch events not an array", "events/batch", JSON_TYPE, "{\"events\":{}}", 400));
    String batch = "{\"events\":[" + GOOD + "," + GOOD + "," + without(GOOD, "source") + "]}";
    all.add(
        new Bad(
            "batch with one bad event",
            "POST",
            "events/batch",
            Map.of("Content-Type", JSON_TYPE),
            bytes(batch),
            400,
            2));
    all.add(
        new Bad(
            "batch with a non-object",
            "POST",
            "events/batch",
            Map.of("Content-Type", CE_BATCH),
            bytes("[" + GOOD + ",42]"),
            400,
            1));
    all.add(post("batch as text/plain", "events/batch", "text/plain", "[" + GOOD + "]", 415));
    all.add(
        post(
            "batch over the event count limit",
            "events/batch",
            CE_BATCH,
            "[" + String.join(",", Collections.nCopies(10_001, GOOD)) + "]",
            413));
    all.add(
        post(
            "batch over the byte limit",
            "events/batch",
            CE_BATCH,
            "[" + GOOD.replace("/home", "x".repeat(11 * 1024 * 1024)) + "]",
            413));
    // media types and encodings
    all.add(post("unknown content type", "events", "text/plain", GOOD, 415));
    all.add(post("no content type", "events", null, GOOD, 415));
    all.add(post("malformed content type", "events", "foo", GOOD, 415));
    all.add(
        post("content type with broken parameters", "events", "application/json;;;x", GOOD, 415));
    all.add(
        new Bad(
            "malformed Accept header",
            "POST",
            "events",
            Map.of("Content-Type", JSON_TYPE, "Accept", ";;;"),
            bytes(GOOD),
            400,
            null));
    all.add(post("XML event format", "events", "application/cloudevents+xml", "<event/>", 415));
    all.add(post("latin-1 JSON", "events", "application/json; charset=ISO-8859-1", GOOD, 415));
    all.add(
        new Bad(
            "unsupported Content-Encoding",
            "POST",
            "events",
            Map.of("Content-Type", JSON_TYPE, "Content-Encoding", "br"),
            bytes(GOOD),
            415,
            null));
    all.add(
        new Bad(
            "broken gzip",
            "POST",
            "events",
            Map.of("Content-Type", JSON_TYPE, "Content-Encoding", "gzip"),
            bytes("this is not gzip"),
            400,
            null));
    all.add(
        new Bad(
            "gzip bomb",
            "POST",
            "events",
            Map.of("Content-Type", JSON_TYPE, "Content-Encoding", "gzip"),
            gzip(new byte[64 * 1024 * 1024]),
            413,
            null));
    all.add(
        post(
            "body over 1 MiB",
            "events",
            JSON_TYPE,
            GOOD.replace("/home", "x".repeat(1024 * 1024 + 1)),
            413));
    // binary mode
    Map<String, String> binary = new LinkedHashMap<>();
    binary.put("ce-specversion", "1.0");
    binary.put("ce-type", "it.bad.input");
    binary.put("ce-source", "bad-input-it");
    binary.put("Content-Type", JSON_TYPE);
    all.add(new Bad("binary without ce-id", "POST", "events", binary, bytes("{}"), 400, null));
    Map<String, String> badPercent = new LinkedHashMap<>(binary);
    badPercent.put("ce-id", "abc%zz");
    all.add(
        new Bad(
            "binary with bad percent-encoding",
            "POST",
            "events",
            badPercent,
            bytes("{}"),
            400,
            null));
    Map<String, String> badData = new LinkedHashMap<>(binary);
    badData.put("ce-id", "b-1");
    all.add(
        new Bad(
            "binary with broken JSON data", "POST", "events", badData, bytes("{nope"), 400, null));
    Map<String, String> binaryVersion = new LinkedHashMap<>(badData);
    binaryVersion.put("ce-specversion", "0.3");
    all.add(
        new Bad("binary specversion 0.3", "POST", "events", binaryVersion, bytes("{}"), 400, null));
    // JAX-RS's own errors
    all.add(new Bad("GET /events", "GET", "events", Map.of(), null, 405, null));
    all.add(
        new Bad(
            "PUT /events",
            "PUT",
            "events",
            Map.of("Content-Type", JSON_TYPE),
            bytes(GOOD),
            405,
            null));
    all.add(new Bad("unknown path", "GET", "no/such/path", Map.of(), null, 404, null));
    all.add(post("POST to an unknown path", "evnts", JSON_TYPE, GOOD, 404));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  @Order(1)
  void refusedWithAProblem(Bad bad) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(bad.path())).timeout(Duration.ofSeconds(60));
    bad.headers().forEach(request::header);
    request.method(
        bad.method(),
        bad.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(bad.body()));

    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(bad.status());
    assertProblem(response);
    if (bad.index() != null) {
      JsonNode problem = JSON.readTree(response.body());
      assertThat(problem.path("index").asInt(-1)).isEqualTo(bad.index());
      assertThat(problem.path("detail").asText()).contains("index " + bad.index());
    }
    if (bad.status() == 405) {
      assertThat(response.headers().firstValue("Allow"))
          .hasValueSatisfying(a -> assertThat(a).contains("POST"));
    }
  }

  @Test
  @Order(2)
  void hugeHeaderIsRefusedWithoutA5xx() throws Exception {
    URI uri = uri("events");
    byte[] body = bytes(GOOD);
    String head =
        "POST "
            + uri.getRawPath()
            + " HTTP/1.1\r\nHost: localhost:"
            + uri.getPort()
            + "\r\nContent-Type: application/json\r\nX-Huge: "
            + "h".repeat(100 * 1024)
            + "\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    String statusLine;
    try (Socket socket = new Socket("localhost", uri.getPort())) {
      socket.setSoTimeout(30_000);
      try {
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
      } catch (IOException refusedMidWrite) {
        // the server may close the connection before it has read the whole header: that is fine
      }
      statusLine = readStatusLine(socket.getInputStream());
    } catch (IOException closed) {
      statusLine = null;
    }
    if (statusLine != null && !statusLine.isEmpty()) {
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      assertThat(status).as(statusLine).isBetween(400, 499);
    }
  }

  @Test
  @Order(3)
  void wellFormedEventIsStillAccepted() throws Exception {
    HttpResponse<String> response = post("events", JSON_TYPE, bytes(GOOD), null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(JSON.readTree(response.body()).path("accepted").asInt()).isEqualTo(1);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith(JSON_TYPE));
  }

  @Test
  @Order(4)
  void pathLikeTypesAreValidTypes() throws Exception {
    for (String type : List.of("../../x", "a/b", "..")) {
      String event = GOOD.replace("it.bad.input", type).replace("ok-1", "path-" + type);
      HttpResponse<String> response = post("events", CE_JSON, bytes(event), null);
      assertThat(response.statusCode()).as(type + ": " + response.body()).isEqualTo(202);
    }
  }

  @Test
  @Order(5)
  void gzippedSingleEventIsAccepted() throws Exception {
    HttpResponse<String> response = post("events", JSON_TYPE, gzip(bytes(GOOD)), "gzip");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(JSON.readTree(response.body()).path("accepted").asInt()).isEqualTo(1);
  }

  @Test
  @Order(6)
  void gzippedBatchIsAccepted() throws Exception {
    String batch =
        "{\"events\":["
            + GOOD.replace("ok-1", "gz-1")
            + ","
            + GOOD.replace("ok-1", "gz-2")
            + ","
            + GOOD.replace("ok-1", "gz-3")
            + "]}";

    HttpResponse<String> response = post("events/batch", JSON_TYPE, gzip(bytes(batch)), "gzip");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(JSON.readTree(response.body()).path("accepted").asInt()).isEqualTo(3);
  }

  @Test
  @Order(7)
  void binaryModeEventIsAccepted() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri("events"))
            .header("ce-specversion", "1.0")
            .header("CE-Type", "it.bad.input")
            .header("ce-source", "bad-input-it")
            .header("ce-id", "binary%201")
            .header("ce-traceparent", "00-abc-01")
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("hello"))
            .build();

    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  private HttpResponse<String> post(String path, String type, byte[] body, String encoding)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      request.header("Content-Encoding", encoding);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create(harness.floe().baseUrl()).resolve(path);
  }

  private static void assertProblem(HttpResponse<String> response) throws IOException {
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(response.statusCode());
    assertThat(problem.path("detail").asText()).isNotBlank();
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(problem.path("type").asText()).isNotBlank();
  }

  private static Bad post(String name, String path, String type, String body, int status) {
    Map<String, String> headers = type == null ? Map.of() : Map.of("Content-Type", type);
    return new Bad(name, "POST", path, headers, bytes(body), status, null);
  }

  private static String without(String event, String name) {
    return event.replaceFirst("\"" + name + "\":\"[^\"]*\",", "");
  }

  private static String with(String event, String members) {
    return event.substring(0, event.length() - 1) + "," + members + "}";
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] invalidUtf8() {
    byte[] good = bytes(GOOD.replace("/home", "/h~me"));
    for (int i = 0; i < good.length; i++) {
      if (good[i] == '~') {
        good[i] = (byte) 0xc3; // a lead byte followed by 'm': not UTF-8
      }
    }
    return good;
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static String readStatusLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      line.write(b);
    }
    return line.toString(StandardCharsets.ISO_8859_1).trim();
  }
}
