package dev.floe.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CatalogProducer;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import dev.floe.testing.PageViewRow;
import dev.floe.testing.TestTables;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows follow the table's current schema: promoted columns filled, unknown ones null. */
class PromotedColumnsTest {
  private static final Instant HOUR = Instant.parse("2024-05-01T10:15:00Z");

  @TempDir Path warehouse;

  /** A node started: its table loaded, created or evolved, as start-up does. */
  private TableCommitter node(String... keyValues) {
    TableCommitter c =
        new TableCommitter(CatalogProducer.create(TestTables.settings(warehouse, keyValues)));
    c.table();
    return c;
  }

  private static EventRecord event(String id, Map<String, String> ext, String data) {
    return new EventRecord(
        id,
        "order",
        "shop",
        "1.0",
        HOUR,
        null,
        "application/json",
        null,
        data,
        ext,
        CloudflareInfo.NONE,
        HOUR);
  }

  private static void flush(TableCommitter c, String commitId, EventRecord... events) {
    c.commit(c.write(List.of(List.of(events)), commitId), commitId, Map.of());
  }

  private Table table() {
    return TestTables.load(warehouse.resolve("analytics/events"));
  }

  @Test
  void anExtensionPromotedMidStreamIsFilledFromThenOnAndTheOldRowsReadBackNull() {
    flush(node(), "c1", event("old", Map.of("userid", "7"), "{\"amount\":1.5}"));
    TableCommitter promoted = node("floe.columns", "ext.userid:long, data.amount:double");
    flush(
        promoted,
        "c2",
        event("new", Map.of("userid", "42"), "{\"page\":\"/cart\",\"amount\":12.5}"),
        event("bare", Map.of(), null));

    Map<String, Record> rows = TestTables.rowsById(table(), "order");
    assertThat(rows.get("old").getField("ext_userid")).isNull();
    assertThat(rows.get("old").getField("data_amount")).isNull();
    assertThat(rows.get("old").getField("extensions")).isEqualTo(Map.of("userid", "7"));
    assertThat(rows.get("new").getField("ext_userid")).isEqualTo(42L);
    assertThat(rows.get("new").getField("data_amount")).isEqualTo(12.5);
    assertThat(rows.get("new").getField("extensions")).isEqualTo(Map.of("userid", "42"));
    assertThat(rows.get("bare").getField("ext_userid")).isNull();
    // the old data file still reads by field id: Floe's columns are where they were
    assertThat(rows.get("old").getField("id")).isEqualTo("old");
    assertThat(table().currentSnapshot().allManifests(table().io())).isNotEmpty();
  }

  @Test
  void aColumnAnotherNodeAddedIsFilledAfterTheNextRefreshAndAUsersColumnStaysNull() {
    TableCommitter first = node();
    flush(first, "c1", event("a", Map.of("plan", "pro"), null));
    // a newer Floe with a promoted column starts, and a user adds a column of their own
    node("floe.columns", "ext.plan:string");
    CatalogProducer.create(TestTables.settings(warehouse))
        .table()
        .updateSchema()
        .addColumn("note", Types.StringType.get())
        .commit();

    first.table(); // the running node's next refresh
    flush(first, "c2", event("b", Map.of("plan", "team"), null));

    Map<String, Record> rows = TestTables.rowsById(table(), "order");
    assertThat(rows.get("a").getField("ext_plan")).isNull();
    assertThat(rows.get("b").getField("ext_plan")).isEqualTo("team");
    assertThat(rows.get("b").getField("note")).isNull();
  }

  @Test
  void aValueAColumnCannotHoldIsLeftNullByTheWriterNotFailingTheFlush() {
    TableCommitter c = node("floe.columns", "ext.n:int");
    flush(c, "c1", event("x", Map.of("n", "not a number"), null));
    assertThat(TestTables.rowsById(table(), "order").get("x").getField("ext_n")).isNull();
  }

  @Test
  void aValueThatNeedsIcebergsPromotionWidensTheColumnKeepingItsIdAndTheOldValues() {
    TableCommitter c = node("floe.columns", "ext.n:int, data.x:float");
    flush(c, "c1", event("small", Map.of("n", "5"), "{\"x\":1.5}"));
    int nId = table().schema().findField("ext_n").fieldId();
    int xId = table().schema().findField("data_x").fieldId();
    assertThat(table().schema().findField("ext_n").type()).isEqualTo(Types.IntegerType.get());

    flush(c, "c2", event("big", Map.of("n", "3000000000"), "{\"x\":1e300}"));

    Table t = table();
    assertThat(t.schema().findField("ext_n").type()).isEqualTo(Types.LongType.get());
    assertThat(t.schema().findField("ext_n").fieldId()).isEqualTo(nId);
    assertThat(t.schema().findField("data_x").type()).isEqualTo(Types.DoubleType.get());
    assertThat(t.schema().findField("data_x").fieldId()).isEqualTo(xId);
    Map<String, Record> rows = TestTables.rowsById(t, "order");
    assertThat(rows.get("small").getField("ext_n")).isEqualTo(5L);
    assertThat(rows.get("small").getField("data_x")).isEqualTo(1.5);
    assertThat(rows.get("big").getField("ext_n")).isEqualTo(3_000_000_000L);
    assertThat(rows.get("big").getField("data_x")).isEqualTo(1e300);
    assertThat(TestTables.ids(t)).hasSize(2); // the first attempt's file was not committed
  }

  @Test
  void theSeedsColumnsAreWrittenAsBefore() {
    TableCommitter c = node("floe.columns", "ext.traceparent:string");
    flush(c, "c1", dev.floe.testing.Fixtures.PAGE_VIEW);
    Record row = TestTables.rows(table()).get(0);
    PageViewRow.assertColumns(row);
    assertThat(row.getField("ext_traceparent")).isEqualTo("00-abc-01");
  }
}
