package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.Harness;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /query} and {@code /query/counts} on the real server: rows in time order with the files
 * planned, buffered events before their flush and exactly once after, counts from the manifests
 * plus the buffers, a query key required, bad parameters refused.
 */
class QueryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "query-key-for-it";

  @RegisterExtension
  static final Harness harness =
      Harness.with().floe(f -> f.noTimedFlush().property("floe.query.tokens", KEY)).build();

  private static Http http() {
    return harness.floe().http();
  }

  private static HttpResponse<String> get(String path) {
    return http().get(path, "Authorization", "Bearer " + KEY);
  }

  /** The rows' ids, and the stats line last. */
  private static List<JsonNode> lines(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/x-ndjson");
    List<JsonNode> out = new ArrayList<>();
    for (String line : r.body().split("\n")) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  private static List<String> ids(List<JsonNode> lines) {
    return lines.subList(0, lines.size() - 1).stream().map(n -> n.get("id").asText()).toList();
  }

  private static JsonNode stats(List<JsonNode> lines) {
    return lines.get(lines.size() - 1).get("_floe_query");
  }

  private static void send(String id, String type, String time) {
    HttpResponse<String> r = http().post("events", "application/json", Http.event(id, type, time));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  @Test
  void queriesReadTheTableInTimeOrderAndTheBuffersExactlyOnce() throws Exception {
    // sent out of time order, over two hours and two types
    send("a3", "q.a", "2024-02-01T10:30:00Z");
    send("a1", "q.a", "2024-02-01T10:10:00Z");
    send("a2", "q.a", "2024-02-01T10:20:00Z");
    send("a9", "q.a", "2024-02-01T11:05:00Z");
    send("b1", "q.b", "2024-02-01T10:15:00Z");
    assertThat(http().flush().statusCode()).isEqualTo(200);
    send("a0", "q.a", "2024-02-01T10:05:00Z"); // buffered, earlier than all

    String hour = "type=q.a&from=2024-02-01T10:00:00Z&to=2024-02-01T11:00:00Z";
    HttpResponse<String> r = get("query?" + hour);
    List<JsonNode> committed = lines(r);
    assertThat(ids(committed)).containsExactly("a1", "a2", "a3");
    assertThat(stats(committed).get("filesPlanned").asInt()).as("one type, one hour").isEqualTo(1);
    assertThat(stats(committed).get("filesRead").asInt()).isEqualTo(1);
    assertThat(r.headers().firstValue("Floe-Files-Planned")).hasValue("1");
    assertThat(committed.get(0).get("time").asText()).isEqualTo("2024-02-01T10:10:00Z");

    List<JsonNode> withBuffered = lines(get("query?" + hour + "&include_buffered=true"));
    assertThat(ids(withBuffered)).containsExactly("a0", "a1", "a2", "a3");
    assertThat(stats(withBuffered).get("bufferedRows").asInt()).isEqualTo(1);

    JsonNode counts = JSON.readTree(get("query/counts?group_by=type&type=q.a").body());
    assertThat(counts.get("committed").asLong()).isEqualTo(4);
    assertThat(counts.get("buffered").asLong()).isEqualTo(1);

    assertThat(http().flush().statusCode()).isEqualTo(200);
    List<JsonNode> after = lines(get("query?" + hour + "&include_buffered=true"));
    assertThat(ids(after))
        .as("flushed: once, from the table")
        .containsExactly("a0", "a1", "a2", "a3");
    assertThat(stats(after).get("bufferedRows").asInt()).isZero();
    assertThat(stats(after).get("filesPlanned").asInt()).isEqualTo(2);

    List<JsonNode> limited = lines(get("query?type=q.a&limit=2&columns=id,time"));
    assertThat(ids(limited)).containsExactly("a0", "a1");
    assertThat(limited.get(0).size()).isEqualTo(2);
    assertThat(stats(limited).get("stoppedBy").asText()).isEqualTo("limit");

    JsonNode perHour =
        JSON.readTree(get("query/counts?group_by=type,hour&from=2024-02-01T00:00:00Z").body());
    assertThat(perHour.get("groups"))
        .anySatisfy(
            g -> {
              assertThat(g.get("type").asText()).isEqualTo("q.a");
              assertThat(g.get("start").asText()).isEqualTo("2024-02-01T10:00:00Z");
              assertThat(g.get("committed").asLong()).isEqualTo(4);
            });
  }

  @Test
  void callersWithoutAKeyAndBadParametersAreRefusedWithProblems() throws Exception {
    HttpResponse<String> noKey = http().get("query?type=q.a");
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(noKey.headers().firstValue("Content-Type").orElse(""))
        .contains("application/problem+json");

    for (String bad :
        List.of(
            "query?limit=0",
            "query?limit=1000001",
            "query?from=yesterday",
            "query?columns=nope",
            "query/counts?group_by=week")) {
      HttpResponse<String> r = get(bad);
      assertThat(r.statusCode()).as(bad + ": " + r.body()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .contains("application/problem+json");
      String param = bad.substring(bad.indexOf('?') + 1, bad.indexOf('='));
      assertThat(JSON.readTree(r.body()).get("title").asText()).contains(param);
    }
  }
}
