package dev.floe.deadletter;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.EventsTable;
import dev.floe.catalog.IncompatibleTableException;
import dev.floe.catalog.SideTableStrategy;
import dev.floe.config.DeadLetterSettings;
import dev.floe.config.FloeSettings;
import dev.floe.event.EventRecord;
import dev.floe.event.PromotedColumn;
import dev.floe.event.PromotedValues;
import dev.floe.event.UnfitValueException;
import dev.floe.lake.TableCommitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.iceberg.Table;

/**
 * The application's dead-letter table: its catalog (created on first use), its counts, and the
 * replay that sends dead letters to the table routing picks for them now, which today is the events
 * table; the route's promoted columns must fit, or the row stays.
 */
@ApplicationScoped
public class DeadLetters {
  @Inject DeadLetterSettings deadLetter;
  @Inject FloeSettings settings;
  @Inject CatalogStrategy events;

  private SideTableStrategy catalog;
  private Replayer replayer;
  private volatile boolean keeping; // the buffers have the dead-letter table as a table of theirs

  /** On, and there is a table to write ({@code USE_ICEBERG=true}). */
  public boolean enabled() {
    return deadLetter.enabled() && events.hasTable();
  }

  /**
   * The dead-letter table as the buffers take it: they call this once, before they start, and from
   * then on ingest keeps what cannot be written instead of refusing it ({@link #keeping}).
   */
  public DeadLetterLane lane() {
    DeadLetterLane lane = new DeadLetterLane(enabled() ? deadLetter : null);
    keeping = lane.enabled();
    return lane;
  }

  /** True once the buffers write the dead-letter table: until then ingest refuses as before. */
  public boolean keeping() {
    return keeping;
  }

  public DeadLetterSettings settings() {
    return deadLetter;
  }

  /** The dead-letter table's catalog, as a flush sink commits through it. */
  public synchronized CatalogStrategy catalog() {
    if (catalog == null) {
      catalog =
          new SideTableStrategy(
              settings,
              deadLetter.namespace(),
              deadLetter.name(),
              deadLetter.location(),
              new SideTableStrategy.Definition(
                  DeadLetterTable.SCHEMA, DeadLetterTable.SPEC, DeadLetterTable.PROPERTIES));
    }
    return catalog;
  }

  /** The table, refreshed. */
  public Table table() {
    Table t = catalog().table();
    t.refresh();
    return t;
  }

  public DeadLetterCounts counts(ReplayFilter filter, long max) {
    return DeadLetterReader.counts(table(), filter, max);
  }

  public synchronized Replayer replayer() {
    if (replayer == null) {
      replayer =
          new Replayer(
              this::table,
              targets(),
              Replayer.holder(node()),
              deadLetter.replayLeaseMs(),
              deadLetter.replayMaxRows(),
              System::currentTimeMillis);
    }
    return replayer;
  }

  /** Routing as ingest does it now ({@code FLOE_ROUTES}); a table's promoted values must fit. */
  private ReplayTargets targets() {
    Map<String, ReplayTargets.Target> byName = new ConcurrentHashMap<>();
    Function<String, ReplayTargets.Target> target =
        name ->
            byName.computeIfAbsent(
                name,
                n -> {
                  FloeSettings.Table table = settings.routes().table(n).table();
                  boolean configured = n.equals(settings.routes().configured().name());
                  CatalogStrategy c = configured ? events : events.forTable(table);
                  PromotedValues promoted =
                      new PromotedValues(
                          EventsTable.promoted(table.columns()).stream()
                              .map(PromotedColumn::widest)
                              .toList());
                  String refused = refusal(c); // still incompatible: its rows stay
                  return new ReplayTargets.Target(
                      n,
                      new TableCommitter(c),
                      e -> refused != null ? refused : unfit(promoted, e));
                });
    return new ReplayTargets() {
      @Override
      public Optional<Target> route(EventRecord event, String intendedTable) {
        String name = settings.routes().tableOf(event.type());
        return name == null || deadLetter.qualifiedName().equals(name)
            ? Optional.empty()
            : Optional.of(target.apply(name));
      }

      @Override
      public Optional<Target> byName(String table) {
        return Optional.of(target.apply(table));
      }
    };
  }

  /**
   * Why the table refuses Floe's rows (its schema), or null; null too when it cannot be reached.
   */
  private static String refusal(CatalogStrategy table) {
    try {
      table.table();
      return null;
    } catch (IncompatibleTableException e) {
      return e.getMessage();
    } catch (RuntimeException e) {
      return null; // unreachable now: the replay's commit will say so
    }
  }

  /** Why a promoted value of {@code e} still does not fit, or null. */
  static String unfit(PromotedValues promoted, EventRecord e) {
    if (promoted.isEmpty()) {
      return null;
    }
    try {
      promoted.read(e, new Object[promoted.columns().size()], true);
      return null;
    } catch (UnfitValueException x) {
      return x.getMessage();
    }
  }

  private String node() {
    String n = settings.wal().nodeId();
    if (!n.isEmpty()) {
      return n;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "floe";
    }
  }

  @PreDestroy
  synchronized void close() {
    if (catalog != null) {
      catalog.close();
    }
  }
}
