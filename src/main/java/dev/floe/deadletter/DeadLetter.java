package dev.floe.deadletter;

import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An event bound for the dead-letter table. It travels through the write-ahead log and the buffers
 * as an ordinary {@link EventRecord} that carries why it failed in reserved extension attributes
 * ({@code floe_dl_*}): a CloudEvent cannot carry them itself, since attribute names are lower-case
 * letters and digits only. {@link #of} takes them out again; the raw event never shows them.
 *
 * @param deadLetterId unique per dead letter, kept through log replay: the row's key for replay
 * @param raw the text of a batch element that was not a valid event, else null
 */
public record DeadLetter(
    String deadLetterId,
    Reason reason,
    String intendedTable,
    String detail,
    Instant failedAt,
    EventRecord event,
    String raw) {

  static final String ID = "floe_dl_id";
  static final String REASON = "floe_dl_reason";
  static final String TABLE = "floe_dl_table";
  static final String DETAIL = "floe_dl_detail";
  static final String FAILED_AT = "floe_dl_failed_at";
  static final String RAW = "floe_dl_raw";
  private static final Set<String> RESERVED = Set.of(ID, REASON, TABLE, DETAIL, FAILED_AT, RAW);

  /** The type an invalid element is buffered under: it may have no type of its own. */
  public static final String INVALID_TYPE = "floe.dead-letter.invalid-event";

  /** Longest detail kept: a reason, not a payload. */
  static final int MAX_DETAIL = 1000;

  /**
   * {@code e} marked for the dead-letter table, with a new dead-letter id. {@code detail} must hold
   * no secret: it is stored and shown as it is.
   */
  public static EventRecord mark(
      EventRecord e, Reason reason, String intendedTable, String detail, Instant failedAt) {
    Map<String, String> x = new LinkedHashMap<>(e.extensions());
    x.put(ID, UUID.randomUUID().toString());
    x.put(REASON, reason.code());
    x.put(TABLE, intendedTable);
    if (detail != null) {
      x.put(DETAIL, detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail);
    }
    x.put(FAILED_AT, failedAt.toString());
    return e.withExtensions(x);
  }

  /**
   * A batch element that is no valid event, kept as the text it was received as; {@code id} is its
   * {@code id} when it had a readable one, else null.
   */
  public static EventRecord invalid(
      String rawText, String id, String intendedTable, String detail, Instant receivedAt) {
    EventRecord placeholder =
        new EventRecord(
            id,
            INVALID_TYPE,
            "floe",
            "1.0",
            null,
            null,
            null,
            null,
            null,
            Map.of(RAW, rawText),
            CloudflareInfo.NONE,
            receivedAt);
    return mark(placeholder, Reason.INVALID_EVENT, intendedTable, detail, receivedAt);
  }

  /** True when {@code e} is marked for the dead-letter table. */
  public static boolean isDeadLetter(EventRecord e) {
    return e.extensions().containsKey(ID);
  }

  /** The dead letter {@code marked} carries, its event without the reserved attributes. */
  public static DeadLetter of(EventRecord marked) {
    Map<String, String> x = marked.extensions();
    if (!x.containsKey(ID)) {
      throw new IllegalArgumentException("not a dead letter: event " + marked.id());
    }
    Map<String, String> own = new LinkedHashMap<>(x);
    own.keySet().removeAll(RESERVED);
    EventRecord event =
        new EventRecord(
            marked.id(),
            marked.type(),
            marked.source(),
            marked.specversion(),
            marked.time(),
            marked.subject(),
            marked.datacontenttype(),
            marked.dataschema(),
            marked.data(),
            Map.copyOf(own),
            marked.cloudflare(),
            marked.receivedAt());
    String code = x.get(REASON);
    return new DeadLetter(
        x.get(ID),
        Reason.ofCode(code)
            .orElseThrow(() -> new IllegalArgumentException("unknown reason " + code)),
        x.get(TABLE),
        x.get(DETAIL),
        Instant.parse(x.get(FAILED_AT)),
        event,
        x.get(RAW));
  }

  /** The text of the {@code event} column: the raw element, or the event as a CloudEvent. */
  String eventText() {
    return raw != null ? raw : RawEvent.write(event);
  }
}
