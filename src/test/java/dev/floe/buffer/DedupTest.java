package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.event.EventRecord;
import dev.floe.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DedupTest {
  private static EventRecord e(String id) {
    return Fixtures.event(id, "t", Instant.parse("2024-01-01T00:00:00Z"));
  }

  @Test
  void aRetryWithinTheWindowIsDroppedWithThePositionOfTheFirst() {
    Dedup d = new Dedup(1000);
    EventRecord a = e("a");
    assertThat(d.filter(List.of(a), 0).events()).containsExactly(a);
    d.remember(List.of(a), 0, 7);
    Dedup.Fresh again = d.filter(List.of(e("a"), e("b")), 500);
    assertThat(again.events()).extracting(EventRecord::id).containsExactly("b");
    assertThat(again.seenPosition()).isEqualTo(7);
  }

  @Test
  void afterTheWindowTheSameEventIsNewAgain() {
    Dedup d = new Dedup(1000);
    d.remember(List.of(e("a")), 0, 1);
    assertThat(d.filter(List.of(e("a")), 1000).events()).hasSize(1);
    d.expire(1000);
    assertThat(d.filter(List.of(e("a")), 500).events())
        .as("an expired entry is forgotten, whatever time is asked about")
        .hasSize(1);
  }

  @Test
  void copiesInsideOneRequestCountOnce() {
    Dedup d = new Dedup(1000);
    assertThat(d.filter(List.of(e("a"), e("b"), e("a")), 0).events())
        .extracting(EventRecord::id)
        .containsExactly("a", "b");
  }

  @Test
  void theSourceIsPartOfTheKey() {
    Dedup d = new Dedup(1000);
    EventRecord a = e("a");
    d.remember(List.of(a), 0, 1);
    EventRecord other =
        new EventRecord(
            "a",
            a.type(),
            "elsewhere",
            a.specversion(),
            a.time(),
            null,
            null,
            null,
            null,
            java.util.Map.of(),
            a.cloudflare(),
            a.receivedAt());
    assertThat(d.filter(List.of(other), 10).events()).containsExactly(other);
  }

  @Test
  void theMapIsBoundedAndForgetsItsOldestFirst() {
    Dedup d = new Dedup(60_000, 2);
    d.remember(List.of(e("a")), 0, 1);
    d.remember(List.of(e("b")), 1, 2);
    d.remember(List.of(e("c")), 2, 3);
    assertThat(d.forgottenEarly()).isEqualTo(1);
    assertThat(d.filter(List.of(e("a"), e("b"), e("c")), 3).events())
        .as("a was forgotten early; b and c are still retries")
        .extracting(EventRecord::id)
        .containsExactly("a");
    assertThat(Dedup.maxEntriesFor(512L << 20)).isEqualTo((512L << 20) / 4 / Dedup.ENTRY_BYTES);
  }

  @Test
  void recordsVoidedByALogFailureAreForgotten() {
    Dedup d = new Dedup(60_000);
    d.remember(List.of(e("a")), 0, 1);
    d.remember(List.of(e("b")), 0, 2);
    d.forgetFrom(2);
    assertThat(d.filter(List.of(e("a"), e("b")), 1).events())
        .extracting(EventRecord::id)
        .containsExactly("b");
  }
}
