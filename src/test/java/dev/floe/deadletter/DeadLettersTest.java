package dev.floe.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.SideTableStrategy;
import dev.floe.config.DeadLetterSettings;
import dev.floe.config.FloeSettings;
import dev.floe.event.EventRecord;
import dev.floe.lake.FlushSink;
import dev.floe.lake.TableCommitter;
import dev.floe.testing.Fixtures;
import dev.floe.testing.TestTables;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLettersTest {
  @TempDir Path warehouse;

  private static DeadLetterSettings settings(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return DeadLetterSettings.from(k -> Optional.ofNullable(m.get(k)));
  }

  @Test
  void offUnlessAskedForAndNamedAfterTheNamespace() {
    assertThat(settings().enabled()).isFalse();
    assertThat(settings("floe.columns", "ext.userid:long").enabled()).isFalse();
    DeadLetterSettings s = settings("floe.dead.letter", "true", "iceberg.namespace", "web");
    assertThat(s.enabled()).isTrue();
    assertThat(s.qualifiedName()).isEqualTo("web.dead_letter");
    assertThat(s.location()).isEqualTo("web/dead_letter");
    assertThat(settings("floe.routes", "*=a.b", "floe.dead.letter", "false").enabled()).isFalse();
    assertThat(settings("floe.dead.letter.table", "ops.failed").qualifiedName())
        .isEqualTo("ops.failed");
    assertThat(
            settings("floe.dead.letter", "true", "floe.partition.full", "dead-letter")
                .partitionFullKeeps())
        .isTrue();
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> settings("floe.dead.letter", "yes"))
        .hasMessageContaining("FLOE_DEAD_LETTER");
    assertThatThrownBy(() -> settings("floe.dead.letter.table", "nodot"))
        .hasMessageContaining("FLOE_DEAD_LETTER_TABLE");
    assertThatThrownBy(() -> settings("floe.partition.full", "dead-letter"))
        .hasMessageContaining("FLOE_DEAD_LETTER=true");
    assertThatThrownBy(() -> settings("floe.dead.letter", "true", "floe.partition.full", "drop"))
        .hasMessageContaining("FLOE_PARTITION_FULL");
  }

  @Test
  void theDirectCatalogCreatesTheTableBesideTheEventsTableForAnyReader() {
    FloeSettings floe = TestTables.settings(warehouse);
    SideTableStrategy catalog =
        new SideTableStrategy(
            floe,
            "analytics",
            "dead_letter",
            "analytics/dead_letter",
            new SideTableStrategy.Definition(
                DeadLetterTable.SCHEMA, DeadLetterTable.SPEC, DeadLetterTable.PROPERTIES));
    DeadLetterSink sink =
        new DeadLetterSink(
            new TableCommitter(catalog), () -> "n1", new dev.floe.metrics.FloeStats());
    EventRecord marked =
        DeadLetterTables.marked(Fixtures.PAGE_VIEW, Reason.TABLE_REFUSED, "web.pageviews");
    FlushSink.Written w = sink.write(List.of(new FlushSink.Batch(List.of(marked), null)), "c1");
    sink.commit(w, "c1", Map.of(), r -> {});

    Table read = TestTables.load(warehouse.resolve("analytics/dead_letter"));
    assertThat(DeadLetterTable.refusal(read)).isNull();
    assertThat(TestTables.rows(read))
        .singleElement()
        .satisfies(r -> assertThat(r.getField("reason")).isEqualTo("table-refused"));
    assertThat(read.spec().fields()).hasSize(2);
    catalog.close();
  }

  @Test
  void aValueThatStillDoesNotFitStays() {
    var promoted =
        new dev.floe.event.PromotedValues(
            List.of(
                new dev.floe.event.PromotedColumn(
                    dev.floe.event.PromotedColumn.Source.EXT,
                    "userid",
                    dev.floe.event.Columns.Kind.LONG)));
    EventRecord bad =
        new EventRecord(
            "1",
            "t",
            "s",
            "1.0",
            null,
            null,
            null,
            null,
            null,
            Map.of("userid", "abc"),
            dev.floe.event.CloudflareInfo.NONE,
            DeadLetterTables.T);
    assertThat(DeadLetters.unfit(promoted, bad)).contains("userid");
    assertThat(DeadLetters.unfit(promoted, Fixtures.PAGE_VIEW)).isNull();
  }
}
