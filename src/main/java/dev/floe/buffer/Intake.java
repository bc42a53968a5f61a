package dev.floe.buffer;

import dev.floe.buffer.BufferRefusedException.Reason;
import dev.floe.event.EventRecord;
import dev.floe.wal.EventCodec;
import dev.floe.wal.WalFullException;
import dev.floe.wal.WriteAheadLog;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes the events of one request into the partition buffers, all or none: room in every partition
 * they touch and in the memory budget, then one write-ahead log record and the appends, then the
 * wait until the record is durable. Thread-safe; appends contend only on the log's order.
 */
public final class Intake {
  private static final Logger LOG = Logger.getLogger(Intake.class.getName());
  private static final int STOPPING_RETRY_SECONDS = 5;

  private final Partitions partitions;
  private final WriteAheadLog wal; // null when FLOE_ACK=none
  private final Dedup dedup; // null unless FLOE_DEDUP_WINDOW is set
  private final int bufferSize;
  private final Runnable requestFlush;
  private final IntSupplier retryAfterSeconds;
  private final BooleanSupplier stopping;
  private final Router router;

  /**
   * The table of each event type ({@code FLOE_ROUTES}), and how its buffers are sized; {@link
   * #SINGLE} sends everything to one unnamed table, as before routes.
   */
  interface Router {
    Router SINGLE = new Router() {};

    /** The table ({@code namespace.name}) events of {@code type} go to, or null when none. */
    default String tableOf(String type) {
      return "";
    }

    /** The table a version-1 log record's events were written to. */
    default String defaultTable() {
      return "";
    }

    /** Events at which a partition of {@code table} is due ({@code ICEBERG_BUFFER_SIZE}). */
    default int sizeOf(String table, int global) {
      return global;
    }

    /** The table of one event: its type's, or the dead-letter table's for one marked for it. */
    default String tableOf(EventRecord e) {
      return tableOf(e.type());
    }

    /**
     * {@code events} with those bound for a table that refuses them (start-up found it
     * incompatible) marked for the dead-letter table; the same list when there is none.
     */
    default List<EventRecord> divert(List<EventRecord> events) {
      return events;
    }

    /**
     * {@code events} with those of the full {@code partition} marked for the dead-letter table
     * ({@code FLOE_PARTITION_FULL=dead-letter}); null when a full partition refuses (507).
     */
    default List<EventRecord> overflow(List<EventRecord> events, String partition) {
      return null;
    }

    /** False when every event goes to the default table: the log record is version 1 then. */
    default boolean routes() {
      return false;
    }
  }

  /**
   * @param bufferSize events at which a partition is due ({@code ICEBERG_BUFFER_SIZE})
   * @param requestFlush called when an accept made a buffer due or put the budget under pressure
   * @param retryAfterSeconds what a refusal tells the client to wait
   * @param stopping true once the buffers stop: then every request is refused
   */
  Intake(
      Partitions partitions,
      WriteAheadLog wal,
      Dedup dedup,
      int bufferSize,
      Runnable requestFlush,
      IntSupplier retryAfterSeconds,
      BooleanSupplier stopping) {
    this(
        partitions,
        wal,
        dedup,
        bufferSize,
        requestFlush,
        retryAfterSeconds,
        stopping,
        Router.SINGLE);
  }

  /** The same, each event to the table {@code router} names for its type. */
  Intake(
      Partitions partitions,
      WriteAheadLog wal,
      Dedup dedup,
      int bufferSize,
      Runnable requestFlush,
      IntSupplier retryAfterSeconds,
      BooleanSupplier stopping,
      Router router) {
    this.router = router;
    this.partitions = partitions;
    this.wal = wal;
    this.dedup = dedup;
    this.bufferSize = bufferSize;
    this.requestFlush = requestFlush;
    this.retryAfterSeconds = retryAfterSeconds;
    this.stopping = stopping;
  }

  /**
   * Accepts all events of one request or none: every partition they fall into must have room under
   * the cap, and all buffers together under the memory budget; then the log must take them. Returns
   * the log position the request's events wait on (its record's, or a retried original's; 0 without
   * a log): what {@code FLOE_ACK=commit} awaits the commit of.
   */
  public long accept(List<EventRecord> events) throws BufferRefusedException {
    if (stopping.getAsBoolean()) {
      throw new BufferRefusedException(
          Reason.STOPPING,
          "Floe is stopping; retry on another node or later",
          null,
          STOPPING_RETRY_SECONDS);
    }
    events = router.divert(events);
    String[] tables;
    Admission admission;
    for (int attempt = 0; ; attempt++) {
      tables = tables(events);
      String[] bound = tables;
      try {
        admission = partitions.admit(events, i -> bound[i], retryAfterSeconds);
        break;
      } catch (BufferRefusedException full) {
        // a full partition's overflow may go to the dead-letter table; that one may be full too
        List<EventRecord> kept =
            full.reason() == Reason.PARTITION_FULL && attempt < events.size()
                ? router.overflow(events, full.partition())
                : null;
        if (kept == null) {
          throw full;
        }
        events = kept;
      }
    }
    byte[] payload = wal == null ? null : encode(events); // outside the lock
    List<EventRecord> request = events;
    long now = System.currentTimeMillis();
    long[] seenPosition = new long[1];
    long position;
    try {
      position =
          partitions.append(
              admission,
              now,
              a -> {
                if (dedup != null) {
                  Dedup.Fresh f = dedup.filter(a.events(), now);
                  seenPosition[0] = f.seenPosition();
                  a.keepOnly(f.events());
                }
                long p = 0;
                if (wal != null && !a.events().isEmpty()) {
                  p = wal.append(a.events() == request ? payload : encode(a.events()));
                }
                if (dedup != null) {
                  dedup.remember(a.events(), now, p);
                }
                return p;
              });
    } catch (IOException e) {
      admission.release();
      throw new BufferRefusedException(
          e instanceof WalFullException ? Reason.LOG_FULL : Reason.LOG_FAILED,
          "the write-ahead log cannot take the events: " + e.getMessage(),
          null,
          retryAfterSeconds.getAsInt());
    }
    if (admission.filled(t -> router.sizeOf(t, bufferSize))
        || partitions.budget().underPressure()) {
      requestFlush.run();
    }
    long awaited = Math.max(position, seenPosition[0]);
    if (wal != null) {
      try {
        wal.awaitDurable(awaited); // a retry's 2xx waits for the first
      } catch (IOException e) {
        // the log is broken now: nothing commits until it is repaired, and the repair cuts this
        // record from the log and its events from the buffers (WalFlushLog.repair), so the 503
        // is true: nothing of this request is kept, and the client's retry is not a double
        LOG.log(Level.SEVERE, "The write-ahead log could not be forced to disk", e);
        throw new BufferRefusedException(
            Reason.LOG_FAILED,
            "the events could not be made durable",
            null,
            retryAfterSeconds.getAsInt());
      }
    }
    return awaited;
  }

  private String[] tables(List<EventRecord> events) {
    String[] tables = new String[events.size()];
    for (int i = 0; i < tables.length; i++) {
      tables[i] = router.tableOf(events.get(i));
      if (tables[i] == null) { // ingest refuses such a type first (unrouted-event-type)
        throw new IllegalArgumentException(
            "event type " + events.get(i).type() + " matches no route (FLOE_ROUTES)");
      }
    }
    return tables;
  }

  /** The log record of {@code events}: version 1 unless routes send some elsewhere. */
  private byte[] encode(List<EventRecord> events) {
    return router.routes()
        ? EventCodec.encode(events, router::tableOf, router.defaultTable())
        : EventCodec.encode(events);
  }
}
