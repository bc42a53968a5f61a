package dev.floe.ingest;

import dev.floe.cloudevents.Text;
import dev.floe.config.AccessSettings.IngestKey;
import dev.floe.event.EventRecord;
import dev.floe.http.ProblemException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an ingest key means for the events it sent: only the types it may send, and its name in
 * every row ({@code floekey} extension, replacing any the sender set), so a leaked key can be
 * traced and limited.
 */
final class SenderKeys {
  /** The extension attribute that names the ingest key in the table. */
  static final String EXTENSION = "floekey";

  private SenderKeys() {}

  /** The events as they go to the buffers; refuses with 403 a type the key may not send. */
  static List<EventRecord> apply(IngestKey key, List<EventRecord> events) {
    if (key == null) {
      return events;
    }
    List<EventRecord> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      EventRecord e = events.get(i);
      if (!key.allows(e.type())) {
        throw ProblemException.forbidden(
            (events.size() > 1 ? "event at index " + i + ": " : "")
                + "the ingest key '"
                + key.name()
                + "' may not send events of type '"
                + Text.clip(e.type(), 80)
                + "'");
      }
      out.add(stamped(e, key.name()));
    }
    return out;
  }

  private static EventRecord stamped(EventRecord e, String name) {
    Map<String, String> ext = new HashMap<>(e.extensions());
    ext.put(EXTENSION, name);
    return e.withExtensions(ext);
  }
}
