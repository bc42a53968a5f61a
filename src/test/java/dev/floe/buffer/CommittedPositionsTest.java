package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.wal.LogIdentity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommittedPositionsTest {

  @Test
  void aRecordIsHeldAtOrBelowTheWatermarkOrItsPartitionsPosition() {
    CommittedPositions p = new CommittedPositions(10, Map.of("a/2024-01-01-00", 15L));
    assertThat(p.holds("b/2024-01-01-00", 10)).isTrue();
    assertThat(p.holds("b/2024-01-01-00", 11)).isFalse();
    assertThat(p.holds("a/2024-01-01-00", 15)).isTrue();
    assertThat(p.holds("a/2024-01-01-00", 16)).isFalse();
    assertThat(CommittedPositions.NONE.holds("a", 1)).isFalse();
  }

  @Test
  void advancingMergesPartitionsAndForgetsThoseTheWatermarkPassed() {
    CommittedPositions p = new CommittedPositions(10, Map.of("a", 15L, "b", 12L));
    CommittedPositions next = p.advance(13, Map.of("c", 20L, "a", 14L));
    assertThat(next.watermark()).isEqualTo(13);
    assertThat(next.partitions()).containsOnly(Map.entry("a", 15L), Map.entry("c", 20L));
  }

  @Test
  void theWatermarkNeverGoesBack() {
    CommittedPositions p = new CommittedPositions(10, Map.of());
    assertThat(p.advance(7, Map.of("a", 9L)).watermark()).isEqualTo(10);
    assertThat(p.advance(7, Map.of("a", 9L)).partitions()).isEmpty();
  }

  @Test
  void theSummaryRoundTripsUnderTheNodesKeys() {
    CommittedPositions p = new CommittedPositions(42, Map.of("page.view/2024-01-15-14", 57L));
    Map<String, String> summary = p.summary("node-1");
    assertThat(summary)
        .containsEntry("floe.wal.node-1.position", "42")
        .containsKey("floe.wal.node-1.partitions");
    assertThat(CommittedPositions.fromSummary("node-1", summary)).isEqualTo(p);
    assertThat(CommittedPositions.fromSummary("node-2", summary)).isNull();
  }

  @Test
  void theTablesPositionsApplyOnlyToTheLogThatWroteThem() {
    CommittedPositions inTable = new CommittedPositions(200, Map.of("a", 250L), "old-log");
    CommittedPositions same = inTable.forLog(new LogIdentity("old-log", false));
    assertThat(same.watermark()).isEqualTo(200);
    assertThat(same.holds("a", 250)).isTrue();

    CommittedPositions fresh = inTable.forLog(new LogIdentity("new-log", false));
    assertThat(fresh.holds("a", 1)).as("a new log's record 1 is not the old log's").isFalse();
    assertThat(fresh.logId()).isEqualTo("new-log");
    assertThat(fresh.advance(5, Map.of()).summary("n"))
        .containsEntry("floe.wal.n.position", "5")
        .containsEntry("floe.wal.n.log-id", "new-log");
  }

  @Test
  void positionsWithoutALogIdBelongToALogOlderThanLogIds() {
    CommittedPositions legacy = new CommittedPositions(40, Map.of());
    assertThat(legacy.forLog(new LogIdentity("upgraded", true)).watermark()).isEqualTo(40);
    assertThat(legacy.forLog(new LogIdentity("brand-new", false)).watermark()).isZero();
  }

  @Test
  void thePropertiesComeBeforeTheSnapshotSummaries() {
    org.apache.iceberg.inmemory.InMemoryCatalog catalog =
        new org.apache.iceberg.inmemory.InMemoryCatalog();
    catalog.initialize("m", Map.of());
    catalog.createNamespace(org.apache.iceberg.catalog.Namespace.of("ns"));
    org.apache.iceberg.Table t =
        catalog.createTable(
            org.apache.iceberg.catalog.TableIdentifier.of("ns", "t"),
            dev.floe.catalog.EventsTable.SCHEMA);
    t.newAppend().set("floe.wal.n.position", "3").commit();
    assertThat(CommittedPositions.inTable("n", t).watermark()).as("the summary").isEqualTo(3);
    t.updateProperties().set("floe.wal.n.position", "9").set("floe.wal.n.log-id", "L").commit();
    t.newAppend().commit(); // a snapshot without Floe's keys
    assertThat(CommittedPositions.inTable("n", t))
        .isEqualTo(new CommittedPositions(9, Map.of(), "L"));
  }
}
