package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.config.Promotion;
import dev.floe.deadletter.DeadLetter;
import dev.floe.deadletter.Reason;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the dead-letter table on, a value that does not fit is kept there instead of refused. */
class PromotedDeadLettersTest {
  private static final PromotedAttributes PROMOTED =
      new PromotedAttributes(List.of(new Promotion("ext", "userid", "long")));

  private static EventRecord event(String id, String userid) {
    return new EventRecord(
        id,
        "t",
        "s",
        "1.0",
        null,
        null,
        null,
        null,
        null,
        Map.of("userid", userid),
        CloudflareInfo.NONE,
        Instant.now());
  }

  @Test
  void onlyTheEventThatDoesNotFitIsMarkedWithItsTableAndWhy() {
    List<EventRecord> events = List.of(event("a", "1"), event("b", "abc"), event("c", "3"));
    List<EventRecord> kept = PROMOTED.keep(events, type -> "web." + type);
    assertThat(kept.stream().map(DeadLetter::isDeadLetter)).containsExactly(false, true, false);
    DeadLetter d = DeadLetter.of(kept.get(1));
    assertThat(d.reason()).isEqualTo(Reason.VALUE_DOES_NOT_FIT);
    assertThat(d.intendedTable()).isEqualTo("web.t");
    assertThat(d.detail()).contains("ext.userid: 'abc' is not a long", "FLOE_COLUMNS");
    assertThat(d.event()).isEqualTo(events.get(1));
    assertThat(PROMOTED.keep(List.of(event("a", "1")), t -> "x")).hasSize(1);
  }
}
