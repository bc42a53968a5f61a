package dev.floe.ingest;

import dev.floe.catalog.EventsTable;
import dev.floe.cloudevents.BatchOutcome;
import dev.floe.cloudevents.EventFormatException;
import dev.floe.config.Promotion;
import dev.floe.event.EventRecord;
import dev.floe.event.PromotedColumn;
import dev.floe.event.PromotedValues;
import dev.floe.event.UnfitValueException;
import java.util.List;

/**
 * Refuses, before the answer, an event whose promoted attribute ({@code FLOE_COLUMNS}) does not fit
 * its column: once acknowledged an event must be written, and its row could not be. A value that
 * needs Iceberg's promotion of an int column to long (float to double) fits: the writer widens the
 * column before writing it. The 400 names the attribute and, in a batch, the event. Costs nothing
 * when nothing is promoted; when data fields are, {@code data} is parsed once per event.
 */
final class PromotedAttributes {
  private final PromotedValues values;

  PromotedAttributes(List<Promotion> columns) {
    // an int (float) column takes any long (double): the writer widens the column for it
    values =
        new PromotedValues(
            EventsTable.promoted(columns).stream().map(PromotedColumn::widest).toList());
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
        EventFormatException refusal = unfit(e);
        throw events.size() > 1 ? refusal.at(i) : refusal;
      }
    }
  }

  /** The same check for a batch read per index: each event that does not fit is refused alone. */
  void refuseEach(BatchOutcome batch) {
    if (values.isEmpty()) {
      return;
    }
    Object[] slots = new Object[values.columns().size()];
    batch.refuseWhere(
        event -> {
          try {
            values.read(event, slots, true);
            return null;
          } catch (UnfitValueException e) {
            return unfit(e);
          }
        });
  }

  private static EventFormatException unfit(UnfitValueException e) {
    return EventFormatException.invalidEvent(
        "promoted attribute " + e.getMessage() + " (FLOE_COLUMNS)");
  }
}
