package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-event batch results on the real Payara Micro: with {@code ?partial=true} or {@code Prefer:
 * return=representation} the valid events of a batch land, once, and each bad one is answered by
 * its index; without either, a batch stays all or nothing.
 */
class PartialBatchIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CE_BATCH = "application/cloudevents-batch+json";

  @RegisterExtension static final Harness harness = Harness.with().build();

  private static String noSource(String id, String type) {
    return "{\"specversion\":\"1.0\",\"type\":\"" + type + "\",\"id\":\"" + id + "\"}";
  }

  /** Bad events at the first, a middle and the last index, around three good ones. */
  private static List<String> mixed(String type) {
    return List.of(
        noSource("bad-first", type),
        Http.event(type + "-1", type, null),
        Http.event(type + "-2", type, null),
        Http.event("bad-time", type, "not a time"),
        Http.event(type + "-4", type, null),
        "{\"specversion\":\"1.0\",\"type\":\"" + type + "\",\"source\":\"it\"}");
  }

  @Test
  void validEventsLandOnceAndBadOnesAreAnsweredByIndex() throws Exception {
    try (FloeServer floe =
        harness
            .newFloe("PartialBatchIT")
            .noTimedFlush()
            .env("FLOE_DEDUP_WINDOW", "10m")
            .env("FLOE_COLUMNS", "ext.userid:long")
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = floe.http();

      HttpResponse<String> r =
          http.post("events/batch?partial=true", "application/json", Http.batch(mixed("pb.mixed")));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(207);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(r.headers().firstValue("Preference-Applied")).isEmpty();
      assertMixedResults(JSON.readTree(r.body()), "pb.mixed");
      // a client retrying the whole batch: dedup keeps the valid events single
      r = http.post("events/batch?partial=true", "application/json", Http.batch(mixed("pb.mixed")));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(207);
      assertThat(http.flush().statusCode()).isEqualTo(200);
      assertThat(TestTables.ids(harness.table(), "pb.mixed"))
          .containsExactlyInAnyOrder("pb.mixed-1", "pb.mixed-2", "pb.mixed-4");

      checksAfterReadingRefuseByIndexToo(http);
      preferHeaderAsksTheSame(http);

      noneValidIsA400ProblemWithTheResults(http);
      theDefaultStaysAllOrNothing(http);
      theArrayItselfUnreadableStaysWhole(http);

      assertThat(http.flush().statusCode()).isEqualTo(200);
      assertThat(TestTables.ids(harness.table(), "pb.prefer"))
          .containsExactlyInAnyOrder(
              "pb.prefer-a",
              "pb.prefer-b",
              "pb.prefer-c",
              "pb.prefer-1",
              "pb.prefer-2",
              "pb.prefer-4");
      assertThat(TestTables.ids(harness.table(), "pb.checks"))
          .containsExactlyInAnyOrder("pb.checks-0", "pb.checks-3");
      assertThat(TestTables.ids(harness.table(), "pb.none")).isEmpty();
      assertThat(TestTables.ids(harness.table(), "pb.default")).isEmpty();
      assertThat(TestTables.ids(harness.table(), "pb.whole")).isEmpty();
    }
  }

  private static void assertMixedResults(JsonNode body, String type) {
    assertThat(body.get("accepted").asInt()).isEqualTo(3);
    assertThat(body.get("refused").asInt()).isEqualTo(3);
    JsonNode results = body.get("results");
    assertThat(results).hasSize(6);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
      statuses.add(results.get(i).get("status").asInt());
    }
    assertThat(statuses).containsExactly(400, 202, 202, 400, 202, 400);
    assertThat(results.get(0).get("id").asText()).isEqualTo("bad-first");
    assertThat(results.get(0).get("type").asText())
        .isEqualTo("https://floe.dev/problems/invalid-event");
    assertThat(results.get(0).get("detail").asText()).contains("'source'");
    assertThat(results.get(1).get("id").asText()).isEqualTo(type + "-1");
    assertThat(results.get(3).get("detail").asText()).contains("'time'");
    assertThat(results.get(5).has("id")).as("the last bad event has none").isFalse();
    assertThat(results.get(5).get("detail").asText()).contains("'id'");
  }

  /** A promoted value that does not fit and a time outside the window: refused after reading. */
  private static void checksAfterReadingRefuseByIndexToo(Http http) throws Exception {
    String withUser =
        "{\"specversion\":\"1.0\",\"type\":\"pb.checks\",\"source\":\"it\",\"id\":\"%s\","
            + "\"userid\":\"%s\"}";
    List<String> batch =
        List.of(
            withUser.formatted("pb.checks-0", "12"),
            withUser.formatted("pb.checks-1", "not-a-number"),
            Http.event("pb.checks-2", "pb.checks", "1990-01-01T00:00:00Z"),
            withUser.formatted("pb.checks-3", "13"));
    HttpResponse<String> r =
        http.post("events/batch?partial=true", "application/json", Http.batch(batch));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(207);
    JsonNode results = JSON.readTree(r.body()).get("results");
    assertThat(results.findValuesAsText("status")).containsExactly("202", "400", "400", "202");
    assertThat(results.get(1).get("id").asText()).isEqualTo("pb.checks-1");
    assertThat(results.get(1).get("detail").asText()).contains("FLOE_COLUMNS");
    assertThat(results.get(2).get("detail").asText()).contains("FLOE_EVENT_MAX_AGE");
  }

  private static void preferHeaderAsksTheSame(Http http) throws Exception {
    String allGood =
        "["
            + Http.event("pb.prefer-a", "pb.prefer", null)
            + ","
            + Http.event("pb.prefer-b", "pb.prefer", null)
            + "]";
    HttpResponse<String> r =
        http.post("events", CE_BATCH, allGood, "Prefer", "return=representation");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(r.headers().firstValue("Preference-Applied")).hasValue("return=representation");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("accepted").asInt()).isEqualTo(2);
    assertThat(body.get("results").findValuesAsText("id"))
        .containsExactly("pb.prefer-a", "pb.prefer-b");

    // without Prefer, an all-accepted batch is answered by its counts alone
    r =
        http.post(
            "events/batch?partial=true",
            CE_BATCH,
            "[" + Http.event("pb.prefer-c", "pb.prefer", null) + "]");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(r.body()).isEqualTo("{\"accepted\":1,\"refused\":0}");
    assertThat(r.headers().firstValue("Preference-Applied")).isEmpty();

    r =
        http.post(
            "events/batch",
            CE_BATCH,
            "[" + String.join(",", mixed("pb.prefer")) + "]",
            "Prefer",
            "respond-async, return=representation");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(207);
    assertThat(r.headers().firstValue("Preference-Applied")).hasValue("return=representation");
    assertMixedResults(JSON.readTree(r.body()), "pb.prefer");
  }

  private static void noneValidIsA400ProblemWithTheResults(Http http) throws Exception {
    HttpResponse<String> r =
        http.post(
            "events/batch?partial=true",
            "application/json",
            Http.batch(List.of(noSource("n1", "pb.none"), "42", noSource("n3", "pb.none"))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("type").asText()).isEqualTo("https://floe.dev/problems/invalid-event");
    assertThat(body.get("index").asInt()).isZero();
    assertThat(body.get("accepted").asInt()).isZero();
    assertThat(body.get("results").findValuesAsText("status")).containsExactly("400", "400", "400");
    assertThat(body.get("results").findValuesAsText("id")).containsExactly("n1", "n3");
  }

  private static void theDefaultStaysAllOrNothing(Http http) throws Exception {
    HttpResponse<String> r = http.postBatch(mixed("pb.default"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.body())
        .isEqualTo(
            "{\"type\":\"https://floe.dev/problems/invalid-event\",\"title\":\"Invalid"
                + " CloudEvent\",\"status\":400,\"detail\":\"event at index 0: required attribute"
                + " 'source' is missing\",\"index\":0}");
    r =
        http.post(
            "events/batch?partial=false", "application/json", Http.batch(mixed("pb.default")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).has("results")).isFalse();
  }

  private static void theArrayItselfUnreadableStaysWhole(Http http) throws Exception {
    String broken = "[" + Http.event("pb.whole-1", "pb.whole", null) + ",{\"id\":}]";
    HttpResponse<String> r = http.post("events/batch?partial=true", CE_BATCH, broken);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("type").asText())
        .isEqualTo("https://floe.dev/problems/malformed-body");
    assertThat(JSON.readTree(r.body()).has("results")).isFalse();
    r =
        http.post(
            "events/batch?partial=maybe",
            CE_BATCH,
            "[" + Http.event("pb.whole-2", "pb.whole", null) + "]");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("'partial'");
  }

  @Test
  void underAckCommitThePartialAnswerWaitsForTheAcceptedEventsCommit() throws Exception {
    try (FloeServer floe =
        harness
            .newFloe("PartialBatchIT-commit")
            .property("floe.ack", "commit")
            .property("iceberg.buffer.timeout.ms", 500)
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      HttpResponse<String> r =
          floe.http()
              .post("events/batch?partial=true", "application/json", Http.batch(mixed("pb.ack")));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(207);
      assertMixedResults(JSON.readTree(r.body()), "pb.ack");
      assertThat(TestTables.ids(harness.table(), "pb.ack"))
          .as("read at the moment of the answer")
          .containsExactlyInAnyOrder("pb.ack-1", "pb.ack-2", "pb.ack-4");
    }
  }
}
