package dev.floe.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which table each event type goes to ({@code FLOE_ROUTES}): the first route whose pattern matches
 * wins. Unset, one route {@code *} sends everything to the configured table ({@code
 * ICEBERG_NAMESPACE.ICEBERG_TABLE_NAME}), as before routes existed. The routes bound the tables
 * Floe writes: at most {@link #MAX_ROUTES}, plus tables the write-ahead log still names after a
 * route change. Immutable and thread-safe; lookups are cached per type.
 */
public final class Routes {
  /** Most routes {@code FLOE_ROUTES} may list. */
  public static final int MAX_ROUTES = 64;

  private static final int CACHED_TYPES = 10_000;
  private static final Optional<RoutedTable> NONE = Optional.empty();

  private final List<Route> routes;
  private final List<Pattern> patterns;
  private final RoutedTable configured; // the table of ICEBERG_NAMESPACE/ICEBERG_TABLE_NAME
  private final boolean explicit;
  private final boolean catchAll;
  private final Map<String, Optional<RoutedTable>> byType = new ConcurrentHashMap<>();

  Routes(List<Route> routes, RoutedTable configured, boolean explicit) {
    this.routes = List.copyOf(routes);
    this.patterns = this.routes.stream().map(r -> Route.regex(r.pattern())).toList();
    this.configured = configured;
    this.explicit = explicit;
    this.catchAll = this.routes.stream().anyMatch(r -> r.pattern().equals("*"));
  }

  /** The one catch-all route of a Floe without {@code FLOE_ROUTES}. */
  static Routes single(RoutedTable configured) {
    return new Routes(List.of(new Route("*", configured)), configured, false);
  }

  /** The table of the first route matching {@code type}, or null when none matches. */
  public RoutedTable match(String type) {
    Optional<RoutedTable> found = byType.get(type);
    if (found == null) {
      found = NONE;
      for (int i = 0; i < routes.size(); i++) {
        if (patterns.get(i).matcher(type).matches()) {
          found = Optional.of(routes.get(i).target());
          break;
        }
      }
      if (byType.size() < CACHED_TYPES) { // event types are the senders' to choose: stay bounded
        byType.put(type, found);
      }
    }
    return found.orElse(null);
  }

  /** The name ({@code namespace.name}) of the table {@code type} goes to, or null. */
  public String tableOf(String type) {
    RoutedTable t = match(type);
    return t == null ? null : t.name();
  }

  /** The routes in order. */
  public List<Route> routes() {
    return routes;
  }

  /** Every table a route names, once each, in route order. */
  public List<RoutedTable> tables() {
    Map<String, RoutedTable> out = new LinkedHashMap<>();
    routes.forEach(r -> out.putIfAbsent(r.target().name(), r.target()));
    return new ArrayList<>(out.values());
  }

  /**
   * The table called {@code name}: a routed one with its options, else the configured table, else
   * one the routes no longer name (the write-ahead log still holds events for it) with the global
   * options, at {@code <namespace>/<name>} and with no promoted columns of its own.
   */
  public RoutedTable table(String name) {
    for (Route r : routes) {
      if (r.target().name().equals(name)) {
        return r.target();
      }
    }
    if (configured.name().equals(name)) {
      return configured;
    }
    int dot = name.indexOf('.');
    String namespace = name.substring(0, Math.max(0, dot));
    String table = name.substring(dot + 1);
    return new RoutedTable(
        new FloeSettings.Table(namespace, table, namespace + "/" + table),
        configured.size(),
        configured.timeoutMs(),
        configured.maxSize());
  }

  /**
   * The configured table ({@code ICEBERG_NAMESPACE.ICEBERG_TABLE_NAME}): where events logged before
   * routes existed were written, what readiness and {@code /query} read by default.
   */
  public RoutedTable configured() {
    return configured;
  }

  /** True when {@code FLOE_ROUTES} is set; false for the single catch-all of a Floe without it. */
  public boolean explicit() {
    return explicit;
  }

  /** True when some route matches every type (a catch-all): then no type is refused. */
  public boolean catchAll() {
    return catchAll;
  }

  @Override
  public String toString() {
    return routes.toString();
  }
}
