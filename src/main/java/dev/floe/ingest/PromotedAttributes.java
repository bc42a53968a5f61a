package dev.floe.ingest;

import dev.floe.catalog.EventsTable;
import dev.floe.cloudevents.BatchOutcome;
import dev.floe.cloudevents.EventFormatException;
import dev.floe.config.Promotion;
import dev.floe.config.RoutedTable;
import dev.floe.config.Routes;
import dev.floe.deadletter.DeadLetter;
import dev.floe.deadletter.Reason;
import dev.floe.event.EventRecord;
import dev.floe.event.PromotedColumn;
import dev.floe.event.PromotedValues;
import dev.floe.event.UnfitValueException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Refuses, before the answer, an event whose promoted attribute ({@code FLOE_COLUMNS}, or its
 * table's {@code columns} with {@code FLOE_ROUTES}) does not fit its column: once acknowledged an
 * event must be written, and its row could not be. A value that needs Iceberg's promotion of an int
 * column to long (float to double) fits: the writer widens the column before writing it. The 400
 * names the attribute and, in a batch, the event. Costs nothing when nothing is promoted; when data
 * fields are, {@code data} is parsed once per event.
 */
final class PromotedAttributes {
  private final PromotedValues values; // every event's, without routes
  private final Routes routes; // null: every event is checked against values
  private final Map<String, PromotedValues> byTable = new HashMap<>();
  private final boolean any;

  PromotedAttributes(List<Promotion> columns) {
    values = of(columns);
    routes = null;
    any = !values.isEmpty();
  }

  /** Each event against the promoted columns of the table its route names. */
  PromotedAttributes(Routes routes) {
    this.routes = routes.explicit() ? routes : null;
    for (RoutedTable t : routes.tables()) {
      byTable.put(t.name(), of(t.table().columns()));
    }
    values = of(routes.configured().table().columns());
    any =
        this.routes == null
            ? !values.isEmpty()
            : byTable.values().stream().anyMatch(v -> !v.isEmpty());
  }

  private static PromotedValues of(List<Promotion> columns) {
    // an int (float) column takes any long (double): the writer widens the column for it
    return new PromotedValues(
        EventsTable.promoted(columns).stream().map(PromotedColumn::widest).toList());
  }

  /**
   * With the dead-letter table on ({@code FLOE_DEAD_LETTER}): an event whose value does not fit is
   * accepted marked for it ({@code value-does-not-fit}, bound for the table {@code tableOf} names
   * for its type) instead of refused; the same list when every event fits.
   */
  List<EventRecord> keep(List<EventRecord> events, Function<String, String> tableOf) {
    List<EventRecord> out = null;
    for (int i = 0; i < events.size(); i++) {
      EventRecord e = events.get(i);
      try {
        check(List.of(e)); // as a single event: the refusal names no index
      } catch (EventFormatException x) {
        out = out == null ? new ArrayList<>(events) : out;
        String table = tableOf.apply(e.type());
        out.set(
            i, DeadLetter.mark(e, Reason.VALUE_DOES_NOT_FIT, table, x.getMessage(), Instant.now()));
      }
    }
    return out == null ? events : out;
  }

  void check(List<EventRecord> events) {
    if (!any) {
      return;
    }
    for (int i = 0; i < events.size(); i++) {
      EventFormatException refusal = refusal(events.get(i));
      if (refusal != null) {
        throw events.size() > 1 ? refusal.at(i) : refusal;
      }
    }
  }

  /** The same check for a batch read per index: each event that does not fit is refused alone. */
  void refuseEach(BatchOutcome batch) {
    if (any) {
      batch.refuseWhere(this::refusal);
    }
  }

  /** Why {@code event} cannot be written to its table's promoted columns, or null. */
  private EventFormatException refusal(EventRecord event) {
    PromotedValues v = values;
    if (routes != null) {
      RoutedTable t = routes.match(event.type());
      v = t == null ? null : byTable.get(t.name());
    }
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      v.read(event, new Object[v.columns().size()], true);
      return null;
    } catch (UnfitValueException e) {
      return EventFormatException.invalidEvent(
          "promoted attribute " + e.getMessage() + " (FLOE_COLUMNS)");
    }
  }
}
