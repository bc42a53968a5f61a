package dev.floe.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.event.EventRecord;
import dev.floe.testing.Fixtures;
import dev.floe.testing.TestTables;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterSinkTest {
  @TempDir Path warehouse;

  @Test
  void aFlushedDeadLetterReadsBackWithEveryColumn() {
    DeadLetterTables t = new DeadLetterTables(warehouse);
    EventRecord marked =
        DeadLetterTables.marked(Fixtures.PAGE_VIEW, Reason.VALUE_DOES_NOT_FIT, "web.pageviews");
    t.flush(List.of(marked), "c1");

    Table table = t.readDeadLetters();
    List<Record> rows = TestTables.rows(table);
    assertThat(rows).hasSize(1);
    Record r = rows.get(0);
    assertThat(r.getField("dead_letter_id")).isEqualTo(marked.extensions().get(DeadLetter.ID));
    assertThat(((OffsetDateTime) r.getField("received_at")).toInstant())
        .isEqualTo(Fixtures.PAGE_VIEW.receivedAt());
    assertThat(((OffsetDateTime) r.getField("failed_at")).toInstant())
        .isEqualTo(DeadLetterTables.T.plusSeconds(5));
    assertThat(r.getField("intended_table")).isEqualTo("web.pageviews");
    assertThat(r.getField("reason")).isEqualTo("value-does-not-fit");
    assertThat(r.getField("detail")).isEqualTo("ext.userid: 'abc' is not a long");
    assertThat(r.getField("type")).isEqualTo("page.view");
    assertThat(r.getField("source")).isEqualTo("website");
    assertThat(r.getField("id")).isEqualTo("123");
    assertThat(r.getField("node")).isEqualTo("node-a");
    String event = (String) r.getField("event");
    assertThat(event)
        .contains("\"specversion\":\"1.0\"", "\"data\":{\"page\":\"/home\"}", "\"cfcolo\":\"SJC\"")
        .doesNotContain("floe_dl");
    // the raw event is the event as it was accepted, every attribute and fact
    assertThat(RawEvent.read(event, Fixtures.PAGE_VIEW.receivedAt())).isEqualTo(Fixtures.PAGE_VIEW);
    assertThat(TestTables.dataFiles(table))
        .singleElement()
        .asString()
        .contains("/data/received_at_day=2024-01-15/reason=value-does-not-fit/");
    assertThat(t.stats.deadLettered.values()).isEqualTo(java.util.Map.of("value-does-not-fit", 1L));
    assertThat(dev.floe.metrics.PrometheusText.of(t.stats))
        .contains("floe_dead_lettered_total{reason=\"value-does-not-fit\"} 1");
  }

  @Test
  void anInvalidBatchElementKeepsItsTextAndNoType() {
    DeadLetterTables t = new DeadLetterTables(warehouse);
    Instant at = Instant.parse("2024-02-01T00:00:00Z");
    String raw = "{\"id\":\"x\",\"type\":7}";
    t.flush(
        List.of(DeadLetter.invalid(raw, "x", "analytics.events", "type: not a string", at)), "c1");
    Record r = TestTables.rows(t.readDeadLetters()).get(0);
    assertThat(r.getField("event")).isEqualTo(raw);
    assertThat(r.getField("reason")).isEqualTo("invalid-event");
    assertThat(r.getField("type")).isNull();
    assertThat(r.getField("source")).isNull();
    assertThat(r.getField("id")).isEqualTo("x");
    assertThat(r.getField("detail")).isEqualTo("type: not a string");
  }

  @Test
  void binaryDataAndAnEventWithoutTimeGoBothWays() {
    EventRecord e =
        Fixtures.sparse(
            "b1", "blob", "src", null, "AAEC", Fixtures.CF, Instant.parse("2024-03-01T10:00:00Z"));
    String text = RawEvent.write(e);
    assertThat(text).contains("\"data_base64\":\"AAEC\"").doesNotContain("\"time\"");
    assertThat(RawEvent.read(text, e.receivedAt())).isEqualTo(e);
  }

  @Test
  void marksComeOffAgainAndReasonsHaveStableCodes() {
    EventRecord marked =
        DeadLetter.mark(
            Fixtures.PAGE_VIEW,
            Reason.PARTITION_FULL,
            "analytics.events",
            "x".repeat(5000),
            DeadLetterTables.T);
    assertThat(DeadLetter.isDeadLetter(marked)).isTrue();
    assertThat(DeadLetter.isDeadLetter(Fixtures.PAGE_VIEW)).isFalse();
    DeadLetter d = DeadLetter.of(marked);
    assertThat(d.event()).isEqualTo(Fixtures.PAGE_VIEW);
    assertThat(d.detail()).hasSize(DeadLetter.MAX_DETAIL);
    assertThat(Reason.PARTITION_FULL.code()).isEqualTo("partition-full");
    assertThat(Reason.ofCode("table-refused")).contains(Reason.TABLE_REFUSED);
  }
}
