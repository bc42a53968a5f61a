package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CatalogProducer;
import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each way an event reaches the dead-letter table on the real server, answered 2xx: a promoted
 * value that does not fit, a route to a table whose schema refuses Floe's rows (start-up keeps
 * going), a partition over its cap with {@code FLOE_PARTITION_FULL=dead-letter}. A SIGKILL between
 * the answer and the flush keeps them; once the operator fixed the causes and restarted, a replay
 * lands each in its table once. A per-index batch with {@code ?dead_letter=true} keeps its refused
 * element's text, which no replay can send.
 */
class DeadLetterTriggersIT {
  private static final String ROUTES = "bad.*=web.bad; *=analytics.events";

  @RegisterExtension static final Harness harness = Harness.with().build();

  private static FloeServer.Builder floe(String name, boolean broken) {
    FloeServer.Builder b =
        harness
            .newFloe(name)
            .noTimedFlush()
            .env("FLOE_ROUTES", ROUTES)
            .env("FLOE_DEAD_LETTER", "true");
    return broken
        ? b.env("FLOE_COLUMNS", "ext.userid:long")
            .env("FLOE_PARTITION_FULL", "dead-letter")
            .env("ICEBERG_MAX_BUFFER_SIZE", "5")
            .env("ICEBERG_BUFFER_SIZE", "5")
        : b;
  }

  private static String event(String id, String type, String extensions) {
    return "{\"specversion\":\"1.0\",\"type\":\""
        + type
        + "\",\"source\":\"it\",\"id\":\""
        + id
        + "\""
        + extensions
        + "}";
  }

  private static Table table(String location) {
    return TestTables.load(harness.warehouse().resolve(location));
  }

  private static Map<String, Record> deadLetters() {
    return TestTables.rows(table("analytics/dead_letter")).stream()
        .collect(Collectors.toMap(r -> (String) r.getField("id"), Function.identity()));
  }

  @Test
  void everyTriggerKeepsItsEventThroughAKillAndAReplayLandsThemOnce() {
    // a table someone made with ext_userid as a string: FLOE_COLUMNS asks for a long
    Table bad =
        CatalogProducer.create(
                TestTables.settings(
                    harness.warehouse(),
                    "iceberg.namespace",
                    "web",
                    "iceberg.table.name",
                    "bad",
                    "iceberg.table.location",
                    "web/bad"))
            .table();
    bad.updateSchema().addColumn("ext_userid", Types.StringType.get()).commit();

    FloeServer first = floe("DeadLetterTriggersIT-broken", true).build();
    first.start().awaitReady(FloeServer.START_TIMEOUT); // starts: web.bad's events are kept
    Http http = first.http();
    String unfit = event("u1", "order.placed", ",\"userid\":\"abc\"");
    assertThat(http.post("events", "application/cloudevents+json", unfit).statusCode())
        .isEqualTo(202);
    assertThat(
            http.post("events", "application/cloudevents+json", event("b1", "bad.thing", ""))
                .statusCode())
        .isEqualTo(202);
    List<String> clicks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      clicks.add(event("c" + i, "click", ",\"time\":\"2024-05-01T10:00:00Z\""));
    }
    assertThat(http.postBatch(clicks).statusCode()).isEqualTo(202);
    String invalid = "{\"specversion\":\"1.0\",\"id\":\"x1\",\"source\":\"it\",\"type\":7}";
    HttpResponse<String> partial =
        http.post(
            "events/batch?partial=true&dead_letter=true",
            "application/json",
            Http.batch(List.of(event("v1", "order.placed", ""), invalid)));
    assertThat(partial.statusCode()).isEqualTo(207);
    first.kill(); // SIGKILL: answered, maybe not flushed

    try (FloeServer second = floe("DeadLetterTriggersIT-after-kill", true).build()) {
      second.start().awaitReady(FloeServer.START_TIMEOUT);
      assertThat(second.http().flush().statusCode()).isEqualTo(200);
      Map<String, Record> rows = deadLetters();
      assertThat(rows).containsOnlyKeys("u1", "b1", "c0", "c1", "c2", "c3", "c4", "c5", "x1");
      assertThat(rows.get("x1").getField("reason")).isEqualTo("invalid-event");
      assertThat(rows.get("x1").getField("event")).isEqualTo(invalid);
      assertThat(rows.get("u1").getField("reason")).isEqualTo("value-does-not-fit");
      assertThat(rows.get("u1").getField("intended_table")).isEqualTo("analytics.events");
      assertThat((String) rows.get("u1").getField("event")).contains("\"userid\":\"abc\"");
      assertThat((String) rows.get("u1").getField("detail")).contains("is not a long");
      assertThat(rows.get("b1").getField("reason")).isEqualTo("table-refused");
      assertThat(rows.get("b1").getField("intended_table")).isEqualTo("web.bad");
      assertThat(rows.get("c3").getField("reason")).isEqualTo("partition-full");
      assertThat(second.http().get("admin/dead-letter").body()).contains("\"total\":9");
    }

    // the operator fixes the causes (no promoted long, default caps) and replays
    try (FloeServer fixed = floe("DeadLetterTriggersIT-fixed", false).build()) {
      fixed.start().awaitReady(FloeServer.START_TIMEOUT);
      HttpResponse<String> replay =
          fixed.http().post("admin/dead-letter/replay", "application/json", "");
      assertThat(replay.statusCode()).isEqualTo(200);
      // the invalid element cannot be replayed: it stays, for the operator to read
      assertThat(replay.body()).contains("\"replayed\":8", "\"kept\":1");
      assertThat(fixed.http().post("admin/dead-letter/replay", "application/json", "").body())
          .contains("\"replayed\":0");
    }
    assertThat(deadLetters()).containsOnlyKeys("x1");
    assertThat(TestTables.ids(table("web/bad"))).containsExactly("b1");
    assertThat(TestTables.ids(table("analytics/events")))
        .containsExactlyInAnyOrder("u1", "v1", "c0", "c1", "c2", "c3", "c4", "c5");
  }
}
