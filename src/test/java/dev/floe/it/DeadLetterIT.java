package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.SideTableStrategy;
import dev.floe.deadletter.DeadLetter;
import dev.floe.deadletter.DeadLetterSink;
import dev.floe.deadletter.DeadLetterTable;
import dev.floe.deadletter.Reason;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import dev.floe.lake.FlushSink;
import dev.floe.lake.TableCommitter;
import dev.floe.metrics.FloeStats;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dead-letter table on the real server: counts per reason and table, and a replay after the
 * operator fixed the cause that lands each dead letter once in its table and takes it out of the
 * dead-letter table; a value that still does not fit stays, a repeated replay takes nothing, and a
 * wider setting after a restart lets the rest land.
 */
class DeadLetterIT {
  private static final String TYPE = "order.placed";
  private static final String DL_LOCATION = "analytics/dead_letter";

  @RegisterExtension
  static final Harness harness =
      Harness.with()
          .floe(
              f ->
                  f.noTimedFlush()
                      .env("FLOE_COLUMNS", "ext.userid:long")
                      .env("FLOE_DEAD_LETTER", "true")
                      .env("FLOE_SNAPSHOT_MAX_AGE", "1s")
                      .env("FLOE_SNAPSHOT_MIN_KEEP", "1"))
          .build();

  private static EventRecord event(String id, String userid) {
    return new EventRecord(
        id,
        TYPE,
        "it",
        "1.0",
        Instant.parse("2024-05-01T10:00:00Z"),
        null,
        "application/json",
        null,
        "{\"n\":1}",
        Map.of("userid", userid),
        CloudflareInfo.NONE,
        Instant.parse("2024-05-01T10:00:01Z"));
  }

  /** Writes dead letters into the server's dead-letter table, as another node's flush would. */
  private static void plant(List<EventRecord> events) {
    SideTableStrategy catalog =
        new SideTableStrategy(
            TestTables.settings(harness.warehouse()),
            "analytics",
            "dead_letter",
            DL_LOCATION,
            new SideTableStrategy.Definition(
                DeadLetterTable.SCHEMA, DeadLetterTable.SPEC, Map.of("format-version", "2")));
    DeadLetterSink sink =
        new DeadLetterSink(new TableCommitter(catalog), () -> "planter", new FloeStats());
    List<EventRecord> marked =
        events.stream()
            .map(
                e ->
                    DeadLetter.mark(
                        e,
                        Reason.VALUE_DOES_NOT_FIT,
                        "analytics.events",
                        "does not fit",
                        Instant.now()))
            .toList();
    FlushSink.Written w = sink.write(List.of(new FlushSink.Batch(marked, null)), "plant");
    sink.commit(w, "plant", Map.of(), r -> {});
    catalog.close();
  }

  private static List<String> deadLetterIds() {
    Table t = TestTables.load(harness.warehouse().resolve(DL_LOCATION));
    return TestTables.rows(t).stream().map(r -> (String) r.getField("id")).sorted().toList();
  }

  private static HttpResponse<String> replay(Http http, String query) {
    return http.post("admin/dead-letter/replay" + query, "application/json", "");
  }

  @Test
  void aReplayAfterTheFixLandsEachDeadLetterOnceAndTakesItOut() {
    plant(List.of(event("d1", "41"), event("d2", "42"), event("d3", "abc")));
    Http http = harness.floe().http();

    HttpResponse<String> counts = http.get("admin/dead-letter");
    assertThat(counts.statusCode()).isEqualTo(200);
    assertThat(counts.body())
        .contains("\"total\":3", "\"value-does-not-fit\":{\"analytics.events\":3}");
    assertThat(http.get("admin/dead-letter?from=yesterday").statusCode()).isEqualTo(400);

    // 'abc' still does not fit ext.userid:long: it stays; the others land once
    HttpResponse<String> first = replay(http, "?reason=value-does-not-fit&table=analytics.events");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("\"replayed\":2", "\"kept\":1");
    assertThat(TestTables.ids(harness.table(), TYPE)).containsExactlyInAnyOrder("d1", "d2");
    Map<String, Record> rows = TestTables.rowsById(harness.table(), TYPE);
    assertThat(rows.get("d2").getField("ext_userid")).isEqualTo(42L);
    assertThat(rows.get("d2").getField("data")).isEqualTo("{\"n\":1}");
    assertThat(deadLetterIds()).containsExactly("d3");

    // maintenance expires the dead-letter table's snapshots too (planted, then the replay's)
    Table deadLetters = TestTables.load(harness.warehouse().resolve(DL_LOCATION));
    assertThat(deadLetters.snapshots()).hasSizeGreaterThan(1);
    sleep(1_100); // FLOE_SNAPSHOT_MAX_AGE=1s
    assertThat(http.post("admin/maintenance", "application/json", "").statusCode()).isEqualTo(200);
    deadLetters.refresh();
    assertThat(deadLetters.snapshots()).hasSize(1);
    assertThat(deadLetterIds()).containsExactly("d3");

    // asked again, nothing more lands
    assertThat(replay(http, "").body()).contains("\"replayed\":0", "\"kept\":1");
    assertThat(TestTables.ids(harness.table(), TYPE)).hasSize(2);

    // the operator widens the column's type and restarts: the last one lands too
    harness.floe().stop();
    try (FloeServer next =
        harness
            .newFloe("DeadLetterIT-widened")
            .noTimedFlush()
            .env("FLOE_COLUMNS", "ext.plan:string")
            .env("FLOE_DEAD_LETTER", "true")
            .build()) {
      next.start().awaitReady(FloeServer.START_TIMEOUT);
      assertThat(replay(next.http(), "").body()).contains("\"replayed\":1", "\"kept\":0");
      assertThat(next.http().get("admin/dead-letter").body()).contains("\"total\":0");
    }
    assertThat(TestTables.ids(harness.table(), TYPE)).containsExactlyInAnyOrder("d1", "d2", "d3");
    assertThat(deadLetterIds()).isEmpty();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
