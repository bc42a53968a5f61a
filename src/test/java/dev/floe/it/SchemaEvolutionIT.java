package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CatalogProducer;
import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running Floe with promoted columns ({@code FLOE_COLUMNS}) refuses a value that does not fit
 * before answering, and keeps writing while another Floe version adds a promoted column of its own
 * and a user adds an unrelated one: the other version's column is filled from the next refresh on,
 * the user's stays null, and the rows written before the change still read back; restarted with one
 * more promoted field, it adds that column at start.
 */
class SchemaEvolutionIT {
  private static final String TYPE = "order.placed";

  @RegisterExtension
  static final Harness harness =
      Harness.with()
          .floe(f -> f.noTimedFlush().env("FLOE_COLUMNS", "ext.userid:long, data.amount:double"))
          .build();

  private static String event(String id, String extensions, String data) {
    return "{\"specversion\":\"1.0\",\"type\":\""
        + TYPE
        + "\",\"source\":\"it\",\"id\":\""
        + id
        + "\""
        + extensions
        + (data == null ? "" : ",\"datacontenttype\":\"application/json\",\"data\":" + data)
        + "}";
  }

  private static HttpResponse<String> post(Http http, String body) {
    return http.post("events", "application/cloudevents+json", body);
  }

  @Test
  void promotedColumnsAreCheckedAtIngestAndAColumnAddedUnderTheRunningServerIsPickedUp() {
    FloeServer floe = harness.floe();
    Http http = floe.http();
    assertThat(post(http, event("e1", ",\"userid\":7", "{\"amount\":1.5}")).statusCode())
        .isEqualTo(202);

    HttpResponse<String> bad = post(http, event("bad1", ",\"userid\":\"abc\"", null));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(bad.body()).contains("ext.userid: 'abc' is not a long");
    HttpResponse<String> badBatch =
        http.postBatch(
            List.of(
                event("bad2", ",\"userid\":1", "{\"amount\":2}"),
                event("bad3", "", "{\"amount\":\"lots\"}")));
    assertThat(badBatch.statusCode()).isEqualTo(400);
    assertThat(badBatch.body()).contains("data.amount: 'lots' is not a double");
    assertThat(http.flush().statusCode()).isEqualTo(200);

    // another Floe version adds its promoted column, a user adds one of theirs, Floe keeps running
    Table other = CatalogProducer.create(TestTables.settings(harness.warehouse())).table();
    other
        .updateSchema()
        .addColumn("ext_plan", Types.StringType.get())
        .addColumn("note", Types.StringType.get())
        .commit();

    assertThat(post(http, event("e2", ",\"userid\":8,\"plan\":\"pro\"", null)).statusCode())
        .isEqualTo(202);
    assertThat(http.flush().statusCode()).isEqualTo(200); // commits on the changed table
    assertThat(post(http, event("e3", ",\"userid\":9,\"plan\":\"team\"", null)).statusCode())
        .isEqualTo(202);
    assertThat(http.flush().statusCode()).isEqualTo(200);

    Map<String, Record> rows = TestTables.rowsById(harness.table(), TYPE);
    assertThat(rows).containsOnlyKeys("e1", "e2", "e3");
    assertThat(rows.get("e1").getField("ext_userid")).isEqualTo(7L);
    assertThat(rows.get("e1").getField("data_amount")).isEqualTo(1.5);
    assertThat(rows.get("e1").getField("ext_plan")).isNull();
    assertThat(rows.get("e2").getField("ext_userid")).isEqualTo(8L);
    assertThat(rows.get("e3").getField("ext_plan")).isEqualTo("team");
    assertThat(rows.values()).allSatisfy(r -> assertThat(r.getField("note")).isNull());
    int userIdField = harness.table().schema().findField("ext_userid").fieldId();

    // the operator promotes one more field and restarts: the column is added at start
    floe.stop();
    try (FloeServer next =
        harness
            .newFloe("SchemaEvolutionIT-restarted")
            .noTimedFlush()
            .env("FLOE_COLUMNS", "ext.userid:long, data.amount:double, data.page:string")
            .build()) {
      next.start().awaitReady(FloeServer.START_TIMEOUT);
      assertThat(post(next.http(), event("e4", "", "{\"page\":\"/cart\"}")).statusCode())
          .isEqualTo(202);
      assertThat(next.http().flush().statusCode()).isEqualTo(200);
    }
    Table after = harness.table();
    assertThat(after.schema().findField("ext_userid").fieldId()).isEqualTo(userIdField);
    rows = TestTables.rowsById(after, TYPE);
    assertThat(rows).containsOnlyKeys("e1", "e2", "e3", "e4");
    assertThat(rows.get("e4").getField("data_page")).isEqualTo("/cart");
    assertThat(rows.get("e1").getField("data_page")).isNull();
    assertThat(rows.get("e1").getField("ext_userid")).isEqualTo(7L);
  }
}
