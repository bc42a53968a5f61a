package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.cloudevents.BatchOutcome;
import dev.floe.cloudevents.BatchReader;
import dev.floe.cloudevents.Body;
import dev.floe.config.Promotion;
import dev.floe.deadletter.DeadLetter;
import dev.floe.deadletter.Reason;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import dev.floe.event.RequestFacts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A per-index batch with the dead-letter table on: unfit values and refused elements kept. */
class KeptEventsTest {
  private static final Instant AT = Instant.parse("2024-05-01T10:00:00Z");
  private static final PromotedAttributes PROMOTED =
      new PromotedAttributes(List.of(new Promotion("ext", "userid", "long")));
  private static final String BATCH =
      "{\"events\":["
          + "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"userid\":\"1\"},"
          + "{\"specversion\":\"1.0\",\"id\":\"b\",\"source\":\"s\",\"type\":7},"
          + "{\"specversion\":\"1.0\",\"id\":\"c\",\"source\":\"s\",\"type\":\"t\",\"userid\":\"x\"}"
          + "]}";

  private static BatchOutcome read() {
    byte[] bytes = BATCH.getBytes(StandardCharsets.UTF_8);
    return BatchReader.readEach(
        new Body(bytes, bytes.length),
        false,
        10,
        100_000,
        new RequestFacts(CloudflareInfo.NONE, AT));
  }

  @Test
  void withoutTheTableAnUnfitValueIsRefusedByIndexAsBefore() {
    BatchOutcome outcome = read();
    List<EventRecord> handed =
        new KeptEvents(() -> false, PROMOTED, t -> "a.t", "a.e").of(outcome, true, AT);
    assertThat(handed).extracting(EventRecord::id).containsExactly("a");
    assertThat(outcome.refused()).hasSize(2);
  }

  @Test
  void withTheTableAnUnfitValueIsKeptAndRefusedElementsTooWhenAsked() {
    BatchOutcome outcome = read();
    KeptEvents kept = new KeptEvents(() -> true, PROMOTED, t -> "web." + t, "a.events");
    List<EventRecord> handed = kept.of(outcome, true, AT);
    assertThat(handed).hasSize(3);
    assertThat(DeadLetter.isDeadLetter(handed.get(0))).isFalse();
    DeadLetter unfit = DeadLetter.of(handed.get(1));
    assertThat(unfit.reason()).isEqualTo(Reason.VALUE_DOES_NOT_FIT);
    assertThat(unfit.intendedTable()).isEqualTo("web.t");
    assertThat(unfit.event().id()).isEqualTo("c");
    DeadLetter invalid = DeadLetter.of(handed.get(2));
    assertThat(invalid.reason()).isEqualTo(Reason.INVALID_EVENT);
    assertThat(invalid.raw()).contains("\"type\":7");
    assertThat(invalid.intendedTable()).isEqualTo("a.events");
    assertThat(invalid.event().id()).isEqualTo("b");
    assertThat(outcome.refused())
        .singleElement()
        .satisfies(r -> assertThat(r.index()).isEqualTo(1));

    // without ?dead_letter=true the refused element is only answered
    assertThat(kept.of(read(), false, AT)).hasSize(2);
  }
}
