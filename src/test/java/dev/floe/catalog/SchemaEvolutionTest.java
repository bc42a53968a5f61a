package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.event.Columns.Kind;
import dev.floe.event.PromotedColumn;
import dev.floe.event.PromotedColumn.Source;
import dev.floe.testing.TestTables;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaEvolutionTest {
  private static final PromotedColumn USER = new PromotedColumn(Source.EXT, "userid", Kind.LONG);

  @TempDir Path warehouse;

  /** A node's table, loaded (and created, and evolved) as start-up does. */
  private Table node(String... keyValues) {
    return CatalogProducer.create(TestTables.settings(warehouse, keyValues)).table();
  }

  /** The table as a user's engine sees it, to ALTER it behind Floe's back. */
  private Table user() {
    return TestTables.load(warehouse.resolve("analytics/events"));
  }

  @Test
  void aNewTableGetsThePromotedColumnsAfterFloesOwnWithTheNextFieldIds() {
    Table t = node("floe.columns", "ext.userid:long, data.page:string");
    assertThat(t.schema().findField("ext_userid").fieldId()).isEqualTo(27);
    assertThat(t.schema().findField("ext_userid").type()).isEqualTo(Types.LongType.get());
    assertThat(t.schema().findField("ext_userid").isOptional()).isTrue();
    assertThat(t.schema().findField("data_page").fieldId()).isEqualTo(28);
    // Floe's own columns keep the seed's ids: old data files still read by id
    for (Types.NestedField f : EventsTable.SCHEMA.columns()) {
      assertThat(t.schema().findField(f.name()).fieldId()).isEqualTo(f.fieldId());
    }
  }

  @Test
  void anExtraOptionalColumnIsLeftAlone() {
    node();
    user().updateSchema().addColumn("note", Types.StringType.get()).commit();
    int schemaId = user().schema().schemaId();
    Table t = node();
    assertThat(t.schema().findField("note")).isNotNull();
    assertThat(t.schema().schemaId()).isEqualTo(schemaId);
  }

  @Test
  void anOptionalColumnTheTableLacksIsAddedInOneUpdate() {
    node();
    user().updateSchema().deleteColumn("cf_timezone").deleteColumn("cf_region").commit();
    int before = user().schema().schemaId();
    Table t = node("floe.columns", "ext.userid:long");
    assertThat(t.schema().findField("cf_timezone")).isNotNull();
    assertThat(t.schema().findField("cf_region")).isNotNull();
    assertThat(t.schema().findField("ext_userid")).isNotNull();
    assertThat(user().schemas()).hasSize(3); // created, altered, evolved: one update
    assertThat(user().schema().schemaId()).isEqualTo(before + 1);
  }

  @Test
  void aRequiredColumnFloeCannotFillRefusesStartNamingIt() {
    node();
    user()
        .updateSchema()
        .allowIncompatibleChanges()
        .addRequiredColumn("tenant", Types.StringType.get())
        .commit();
    assertThatThrownBy(this::node)
        .isInstanceOf(IncompatibleTableException.class)
        .hasMessageContaining("column tenant is required and Floe cannot fill it");
  }

  @Test
  void aTypeFloeCannotWriteRefusesStartNamingTheColumn() {
    node();
    user().updateSchema().addColumn("ext_userid", Types.StringType.get()).commit();
    assertThatThrownBy(() -> node("floe.columns", "ext.userid:long"))
        .isInstanceOf(IncompatibleTableException.class)
        .hasMessageContaining("column ext_userid is string, Floe writes long");
  }

  @Test
  void aColumnAskedWiderIsWidenedKeepingItsIdAndOneAskedNarrowerIsWrittenAsItIs() {
    int id = node("floe.columns", "ext.n:int").schema().findField("ext_n").fieldId();
    Table t = node("floe.columns", "ext.n:long");
    assertThat(t.schema().findField("ext_n").type()).isEqualTo(Types.LongType.get());
    assertThat(t.schema().findField("ext_n").fieldId()).isEqualTo(id);
    int schemas = user().schemas().size();
    node("floe.columns", "ext.n:int");
    assertThat(user().schema().findField("ext_n").type()).isEqualTo(Types.LongType.get());
    assertThat(user().schemas()).hasSize(schemas);
  }

  @Test
  void aNodeOnAStaleSchemaPlansAgainAndNeverOverwritesAnotherNodesColumn() {
    Table a = node();
    Table b = node();
    PromotedColumn other = new PromotedColumn(Source.DATA, "page", Kind.STRING);
    EventsTable.evolve(b, List.of(other));
    EventsTable.evolve(a, List.of(USER)); // a still holds the schema before b's change
    Table now = user();
    assertThat(now.schema().findField("data_page")).isNotNull();
    assertThat(now.schema().findField("ext_userid")).isNotNull();
  }

  @Test
  void twoNodesAddingTheSameColumnAtOnceBothSucceedAndItLandsOnce() throws Exception {
    for (int round = 0; round < 5; round++) {
      Table a = node();
      Table b = node();
      String column = "ext_c" + round;
      PromotedColumn c = new PromotedColumn(Source.EXT, "c" + round, Kind.LONG);
      CyclicBarrier start = new CyclicBarrier(2);
      CompletableFuture<Void> first = CompletableFuture.runAsync(() -> evolveAt(start, a, c));
      CompletableFuture<Void> second = CompletableFuture.runAsync(() -> evolveAt(start, b, c));
      first.get();
      second.get();
      Table now = user();
      assertThat(now.schema().columns().stream().filter(f -> f.name().equals(column))).hasSize(1);
      a.refresh();
      b.refresh();
      assertThat(a.schema().findField(column).fieldId())
          .isEqualTo(b.schema().findField(column).fieldId())
          .isEqualTo(now.schema().findField(column).fieldId());
    }
  }

  private static void evolveAt(CyclicBarrier start, Table t, PromotedColumn c) {
    try {
      start.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    EventsTable.evolve(t, List.of(c));
  }
}
