package dev.floe.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.config.DeadLetterSettings;
import dev.floe.event.EventRecord;
import dev.floe.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadLetterLaneTest {
  private static final Instant H14 = Instant.parse("2024-01-15T14:10:00Z");
  private static final Instant H15 = Instant.parse("2024-01-15T15:10:00Z");

  @Test
  void markedEventsGoToTheDeadLetterTableAndTheRestFollowTheirRoute() {
    Map<String, String> m = Map.of("floe.dead.letter", "true");
    DeadLetterLane lane =
        new DeadLetterLane(DeadLetterSettings.from(k -> Optional.ofNullable(m.get(k))));
    EventRecord plain = Fixtures.event("a", "page.view", H14);
    EventRecord marked =
        DeadLetterTables.marked(plain, Reason.VALUE_DOES_NOT_FIT, "analytics.events");
    assertThat(lane.tableOf(plain, t -> "web." + t)).isEqualTo("web.page.view");
    assertThat(lane.tableOf(marked, t -> "web." + t)).isEqualTo("analytics.dead_letter");
    assertThat(DeadLetterLane.OFF.tableOf(marked, t -> "x")).isEqualTo("x");
    assertThat(DeadLetterLane.OFF.enabled()).isFalse();
  }

  @Test
  void theOverflowOfTheFullPartitionOnlyIsMarked() {
    List<EventRecord> events =
        List.of(
            Fixtures.event("a", "page.view", H14),
            Fixtures.event("b", "page.view", H15),
            Fixtures.event("c", "click", H14));
    List<EventRecord> out =
        DeadLetterLane.overflow(events, "page.view/2024-01-15-14", e -> "web.pages");
    assertThat(out.stream().map(DeadLetter::isDeadLetter)).containsExactly(true, false, false);
    DeadLetter d = DeadLetter.of(out.get(0));
    assertThat(d.reason()).isEqualTo(Reason.PARTITION_FULL);
    assertThat(d.intendedTable()).isEqualTo("web.pages");
    assertThat(d.detail()).contains("page.view/2024-01-15-14");
    assertThat(d.event()).isEqualTo(events.get(0));
  }
}
