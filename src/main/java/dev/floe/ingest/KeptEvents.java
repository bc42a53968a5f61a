package dev.floe.ingest;

import dev.floe.cloudevents.BatchOutcome;
import dev.floe.cloudevents.RefusedEvent;
import dev.floe.deadletter.DeadLetter;
import dev.floe.event.EventRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * What a per-index batch hands to the buffers. Its valid events; a promoted value that does not fit
 * is refused by index, or, with the dead-letter table on, kept there ({@code value-does-not-fit})
 * as everywhere else; and with {@code ?dead_letter=true} the refused elements too, as the text they
 * were sent as ({@code invalid-event}), while the answer still names them refused.
 */
final class KeptEvents {
  private final BooleanSupplier keeping;
  private final PromotedAttributes promoted;
  private final Function<String, String> tableOf;
  private final String defaultTable;

  /**
   * @param keeping true while the dead-letter table takes events ({@code DeadLetters.keeping})
   * @param tableOf the table an event type is bound for
   * @param defaultTable the table a refused element is bound for: it may have no readable type
   */
  KeptEvents(
      BooleanSupplier keeping,
      PromotedAttributes promoted,
      Function<String, String> tableOf,
      String defaultTable) {
    this.keeping = keeping;
    this.promoted = promoted;
    this.tableOf = tableOf;
    this.defaultTable = defaultTable;
  }

  List<EventRecord> of(BatchOutcome outcome, boolean keepRefused, Instant receivedAt) {
    if (!keeping.getAsBoolean()) {
      promoted.refuseEach(outcome);
      return outcome.accepted();
    }
    // marked in place: the outcome's indexes stay those of the batch
    outcome.accepted().replaceAll(e -> promoted.keep(List.of(e), tableOf).get(0));
    if (!keepRefused || outcome.refused().isEmpty()) {
      return outcome.accepted();
    }
    List<EventRecord> out = new ArrayList<>(outcome.accepted());
    for (RefusedEvent r : outcome.refused()) {
      out.add(DeadLetter.invalid(r.raw(), r.id(), defaultTable, r.refusal().detail(), receivedAt));
    }
    return out;
  }
}
