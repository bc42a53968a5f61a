package dev.floe.ingest;

import dev.floe.catalog.EventsTable;
import dev.floe.cloudevents.EventFormatException;
import dev.floe.config.Promotion;
import dev.floe.event.EventRecord;
import dev.floe.event.PromotedValues;
import dev.floe.event.UnfitValueException;
import java.util.List;

/**
 * Refuses, before the answer, an event whose promoted attribute ({@code FLOE_COLUMNS}) does not fit
 * its column: once acknowledged an event must be written, and its row could not be. The 400 names
 * the attribute and, in a batch, the event. Costs nothing when nothing is promoted; when data
 * fields are, {@code data} is parsed once per event.
 */
final class PromotedAttributes {
  private final PromotedValues values;

  PromotedAttributes(List<Promotion> columns) {
    values = new PromotedValues(EventsTable.promoted(columns));
  }

  void check(List<EventRecord> events) {
    if (values.isEmpty()) {
      return;
    }
    Object[] slots = new Object[values.columns().size()];
    for (int i = 0; i < events.size(); i++) {
      try {
        values.read(events.get(i), slots, true);
      } catch (UnfitValueException e) {
        EventFormatException refusal =
            EventFormatException.invalidEvent(
                "promoted attribute " + e.getMessage() + " (FLOE_COLUMNS)");
        throw events.size() > 1 ? refusal.at(i) : refusal;
      }
    }
  }
}
