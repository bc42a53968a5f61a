package dev.floe.buffer;

import dev.floe.catalog.Failures;
import dev.floe.catalog.IncompatibleTableException;
import dev.floe.config.Routes;
import dev.floe.deadletter.DeadLetter;
import dev.floe.deadletter.DeadLetterLane;
import dev.floe.deadletter.Reason;
import dev.floe.event.EventRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The tables this node writes, one {@link Lane} each: every table a route names, and every table
 * the write-ahead log still holds events for (a route changed across a restart), so the lanes are
 * bounded by the routes plus the log. Each table flushes one flush at a time under its lane's lock,
 * the tables side by side; a query's copy of a table's buffers takes that table's lock, so it sees
 * no event of it half-way, and a truncation of the log counts the events in flight ({@link
 * #inFlightFloor()}).
 */
final class Lanes implements Intake.Router {
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(Lanes.class.getName());
  private final Map<String, Lane> byName = new ConcurrentHashMap<>();
  private final List<Lane> ordered = new CopyOnWriteArrayList<>();
  private final Routes routes;
  private final Function<String, Lane> make;
  final Object moves = new Object(); // see Flusher: events between buffers, flushes and commits
  private volatile DeadLetterLane deadLetters = DeadLetterLane.OFF;
  private final Map<String, String> refused = new ConcurrentHashMap<>(); // table: why

  /**
   * @param make builds the lane of a table by name
   */
  Lanes(Routes routes, Function<String, Lane> make) {
    this.routes = routes;
    this.make = make;
  }

  /**
   * Adds the dead-letter table ({@code FLOE_DEAD_LETTER}), where marked events, a refused table's
   * and a full partition's overflow go: its lane is made now, before the engine starts.
   */
  void deadLetters(DeadLetterLane lane) {
    deadLetters = lane;
    if (lane.enabled()) {
      lane(lane.table());
    }
  }

  DeadLetterLane deadLetters() {
    return deadLetters;
  }

  /**
   * Start-up found {@code table} incompatible: with the dead-letter table on, its events go there
   * from now on ({@code table-refused}) until it is fixed; without, start-up stops.
   */
  void keepOrThrow(String table, IncompatibleTableException e) {
    if (!deadLetters.enabled() || deadLetters.isTable(table)) {
      throw e;
    }
    LOG.severe(
        "The table "
            + table
            + " refuses Floe's rows ("
            + e.getMessage()
            + "); its events go to the dead-letter table "
            + deadLetters.table());
    refused.put(table, e.getMessage());
  }

  /** The lane of {@code table}, made on first use. */
  Lane lane(String table) {
    Lane lane = byName.get(table);
    if (lane == null) {
      synchronized (this) {
        lane = byName.get(table);
        if (lane == null) {
          lane = make.apply(table);
          byName.put(table, lane);
          ordered.add(lane);
        }
      }
    }
    return lane;
  }

  /** Every lane, in the order they were made (the routes' order first). */
  Collection<Lane> all() {
    return ordered;
  }

  /** The configured table's name: what readiness and queries read. */
  String configured() {
    return routes.configured().name();
  }

  /** Lowest log position a commit of unknown outcome holds, over all tables. */
  long unknownFloor() {
    long floor = Long.MAX_VALUE;
    for (Lane l : ordered) {
      Flusher f = l.flusher;
      if (f != null) {
        floor = Math.min(floor, f.unknownFirstPosition());
      }
    }
    return floor;
  }

  /**
   * The oldest log position of an event not yet committed in its table, over all tables: buffered,
   * taken by a running flush, or held by a commit of unknown outcome ({@code next} when none). Read
   * while no event moves between those, so another table's flush in flight is never passed by.
   */
  long uncommittedFloor(Partitions partitions, LongSupplier next) {
    synchronized (moves) {
      long buffered = partitions.oldestBuffered(null, next);
      return Math.min(buffered, Math.min(inFlightFloor(), unknownFloor()));
    }
  }

  /**
   * Lowest log position of the events a running flush took out of their buffers, over all tables:
   * read after the buffers, it covers every event that left them meanwhile.
   */
  long inFlightFloor() {
    long floor = Long.MAX_VALUE;
    for (Lane l : ordered) {
      Flusher f = l.flusher;
      if (f != null) {
        floor = Math.min(floor, f.inFlightFirstPosition());
      }
    }
    return floor;
  }

  /**
   * Creates or loads every table now: an incompatible one stops start-up (unless dead letters take
   * its events); one that cannot be reached yet only delays its flushes (they retry, readiness says
   * why).
   */
  void openTables() {
    for (Lane lane : ordered) {
      try {
        lane.catalog.open();
      } catch (IncompatibleTableException e) {
        keepOrThrow(lane.name(), e); // with dead letters on, its events go there instead
      } catch (RuntimeException e) {
        LOG.warning(
            "The table "
                + lane.name()
                + " cannot be reached yet ("
                + Failures.reason(e)
                + "); events are buffered and flushes retry");
      }
    }
  }

  /** True while every table's flushes keep landing: then a hot partition may pass its cap. */
  boolean drainingWell() {
    for (Lane l : ordered) {
      Flusher f = l.flusher;
      if (f == null || !f.drainingWell()) {
        return false;
      }
    }
    return true;
  }

  /** The first non-null of {@code what} over the lanes, or null. */
  String first(Function<Lane, String> what) {
    for (Lane l : ordered) {
      String s = what.apply(l);
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  /**
   * Runs {@code view} while {@code table} does not flush; null when a flush held on past {@code
   * waitMs}. Other tables' flushes go on: the view reads this table only.
   */
  <T> T betweenFlushes(String table, long waitMs, Supplier<T> view) throws InterruptedException {
    Lane lane = byName.get(table);
    if (lane == null) {
      return view.get(); // no route names it: it has nothing to flush (and gets no lane for this)
    }
    if (!lane.flushLock.tryLock(waitMs, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      return null;
    }
    try {
      return view.get();
    } finally {
      lane.flushLock.unlock();
    }
  }

  @Override
  public String tableOf(String type) {
    return routes.tableOf(type);
  }

  @Override
  public String tableOf(EventRecord e) {
    return deadLetters.tableOf(e, routes::tableOf);
  }

  @Override
  public List<EventRecord> divert(List<EventRecord> events) {
    if (refused.isEmpty()) {
      return events;
    }
    List<EventRecord> out = new ArrayList<>(events.size());
    Instant now = Instant.now();
    for (EventRecord e : events) {
      String table = tableOf(e);
      String why = table == null ? null : refused.get(table);
      out.add(why == null ? e : DeadLetter.mark(e, Reason.TABLE_REFUSED, table, why, now));
    }
    return out;
  }

  @Override
  public List<EventRecord> overflow(List<EventRecord> events, String partition) {
    if (!deadLetters.keepsOverflow()) {
      return null;
    }
    return DeadLetterLane.overflow(events, partition, this::tableOf);
  }

  @Override
  public String defaultTable() {
    return routes.configured().name();
  }

  @Override
  public int sizeOf(String table, int global) {
    Lane l = byName.get(table);
    return l == null ? global : l.options.size();
  }

  @Override
  public boolean routes() {
    return routes.explicit() || deadLetters.enabled(); // a dead letter's table is in its record
  }
}
