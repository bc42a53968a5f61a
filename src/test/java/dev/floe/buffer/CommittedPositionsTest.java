package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;

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
}
