package dev.floe.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.cloudevents.BatchOutcome;
import dev.floe.cloudevents.BatchReader;
import dev.floe.cloudevents.Body;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.RequestFacts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchResultsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String GOOD =
      "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"s\",\"id\":\"%s\"}";
  private static final String SECRET_BAD =
      "{\"specversion\":\"1.0\",\"type\":\"t\",\"id\":\"b\",\"data\":\"secret-payload\"}";

  private static BatchOutcome read(String... elements) {
    byte[] bytes = ("[" + String.join(",", elements) + "]").getBytes(StandardCharsets.UTF_8);
    return BatchReader.readEach(
        new Body(bytes, bytes.length),
        true,
        100,
        4096,
        new RequestFacts(CloudflareInfo.NONE, Instant.now()));
  }

  private static JsonNode body(BatchResults.Rendered r) throws Exception {
    return MAPPER.readTree(r.json());
  }

  @Test
  void someRefusedIs207WithOneResultPerIndex() throws Exception {
    var r = BatchResults.render(read(GOOD.formatted("a"), SECRET_BAD, "7"), false);

    assertThat(r.status()).isEqualTo(207);
    assertThat(r.mediaType()).isEqualTo("application/json");
    JsonNode json = body(r);
    assertThat(json.get("accepted").asInt()).isEqualTo(1);
    assertThat(json.get("refused").asInt()).isEqualTo(2);
    JsonNode results = json.get("results");
    assertThat(results).hasSize(3);
    assertThat(results.get(0).toString()).isEqualTo("{\"index\":0,\"status\":202,\"id\":\"a\"}");
    assertThat(results.get(1).get("index").asInt()).isEqualTo(1);
    assertThat(results.get(1).get("status").asInt()).isEqualTo(400);
    assertThat(results.get(1).get("id").asText()).isEqualTo("b");
    assertThat(results.get(1).get("type").asText())
        .isEqualTo("https://floe.dev/problems/invalid-event");
    assertThat(results.get(1).get("detail").asText())
        .isEqualTo("required attribute 'source' is missing");
    assertThat(results.get(2).has("id")).isFalse();
    assertThat(json.toString()).doesNotContain("secret-payload");
  }

  @Test
  void allAcceptedIs202WithResults() throws Exception {
    var r = BatchResults.render(read(GOOD.formatted("a"), GOOD.formatted("b")), true);

    assertThat(r.status()).isEqualTo(202);
    JsonNode json = body(r);
    assertThat(json.get("accepted").asInt()).isEqualTo(2);
    assertThat(json.get("refused").asInt()).isZero();
    assertThat(json.get("results").findValuesAsText("id")).containsExactly("a", "b");
  }

  @Test
  void allAcceptedWithoutPreferIsTheCountsOnly() {
    var r = BatchResults.render(read(GOOD.formatted("a"), GOOD.formatted("b")), false);

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json()).isEqualTo("{\"accepted\":2,\"refused\":0}");
  }

  @Test
  void noneAcceptedIsA400ProblemCarryingTheResults() throws Exception {
    var r = BatchResults.render(read(SECRET_BAD, "[]"), false);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.mediaType()).isEqualTo("application/problem+json");
    JsonNode json = body(r);
    assertThat(json.get("type").asText()).isEqualTo("https://floe.dev/problems/invalid-event");
    assertThat(json.get("status").asInt()).isEqualTo(400);
    assertThat(json.get("index").asInt()).isZero();
    assertThat(json.get("accepted").asInt()).isZero();
    assertThat(json.get("results")).hasSize(2);
    assertThat(json.get("results").get(1).get("status").asInt()).isEqualTo(400);
  }

  @Test
  void noneAcceptedForOneSharedReasonTakesItsStatus() throws Exception {
    String big =
        "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"s\",\"id\":\"big\",\"data\":\""
            + "x".repeat(5000)
            + "\"}";
    var r = BatchResults.render(read(big), false);

    assertThat(r.status()).isEqualTo(413);
    assertThat(body(r).get("results").get(0).get("id").asText()).isEqualTo("big");
  }
}
