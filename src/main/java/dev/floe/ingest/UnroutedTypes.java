package dev.floe.ingest;

import dev.floe.cloudevents.BatchOutcome;
import dev.floe.cloudevents.EventFormatException;
import dev.floe.cloudevents.Text;
import dev.floe.config.Routes;
import dev.floe.event.EventRecord;
import dev.floe.http.ProblemException;
import java.util.List;

/**
 * Refuses, before the answer, an event whose type no route of {@code FLOE_ROUTES} takes (routes
 * without a catch-all): 400 {@code unrouted-event-type} naming the type and, in a batch, the event.
 * Costs nothing with a catch-all; otherwise one cached lookup per event.
 */
final class UnroutedTypes {
  private UnroutedTypes() {}

  /**
   * The same for a batch read per index: each event of an unrouted type is refused alone, as an
   * invalid event whose reason names the type (the per-index results carry the event format's
   * reasons).
   */
  static void refuseEach(Routes routes, BatchOutcome batch) {
    if (!routes.catchAll()) {
      batch.refuseWhere(
          e ->
              routes.match(e.type()) == null
                  ? EventFormatException.invalidEvent(
                      "event type '"
                          + Text.clip(e.type(), 200)
                          + "' matches no route of FLOE_ROUTES (unrouted-event-type)")
                  : null);
    }
  }

  static void check(Routes routes, List<EventRecord> events) {
    if (routes.catchAll()) {
      return;
    }
    for (int i = 0; i < events.size(); i++) {
      String type = events.get(i).type();
      if (routes.match(type) == null) {
        throw ProblemException.unroutedEventType(
            "event type '"
                + Text.clip(type, 200)
                + "' matches no route of FLOE_ROUTES (and there is no catch-all '*')",
            events.size() > 1 ? i : null);
      }
    }
  }
}
