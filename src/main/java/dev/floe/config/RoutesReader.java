package dev.floe.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code FLOE_ROUTES}: {@code pattern=namespace.name{options}} entries separated by {@code
 * ;}, e.g. {@code page.*=web.pageviews{size=5000,timeout_ms=2000}; *=analytics.events}. Options,
 * separated by commas, are {@code size}, {@code timeout_ms}, {@code max_size}, {@code location} and
 * {@code columns} (in {@code FLOE_COLUMNS} syntax; its own commas continue it, as no column entry
 * holds '='). A table named by several routes takes its options once. Every fault throws naming the
 * key and the entry.
 */
final class RoutesReader {
  static final String KEY = "floe.routes";
  private static final String NAME = "[A-Za-z_][A-Za-z0-9_]{0,127}";
  private static final Set<String> OPTIONS =
      Set.of("size", "timeout_ms", "max_size", "location", "columns");

  private final String value;
  private final RoutedTable configured;

  private RoutesReader(String value, RoutedTable configured) {
    this.value = value;
    this.configured = configured;
  }

  /** The routes {@code value} lists; one catch-all to {@code configured} when it is empty. */
  static Routes read(String value, RoutedTable configured, boolean plainObjects) {
    if (value.isBlank()) {
      return Routes.single(configured);
    }
    if (plainObjects) {
      throw SettingsReader.bad(
          KEY,
          value,
          "needs USE_ICEBERG=true: plain objects (USE_ICEBERG=false) are written to one location");
    }
    return new RoutesReader(value, configured).routes();
  }

  private Routes routes() {
    List<Route> routes = new ArrayList<>();
    Map<String, RoutedTable> tables = new HashMap<>();
    Map<String, String> locations = new HashMap<>();
    Set<String> patterns = new HashSet<>();
    boolean catchAll = false;
    for (String raw : value.split(";")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      if (catchAll) {
        throw fault("lists '" + entry + "' after the catch-all '*', so it can never match");
      }
      Route r = route(entry, tables);
      if (!patterns.add(r.pattern())) {
        throw fault("lists the pattern '" + r.pattern() + "' twice");
      }
      String other = locations.putIfAbsent(r.target().table().location(), r.target().name());
      if (other != null && !other.equals(r.target().name())) {
        throw fault(
            "puts tables "
                + other
                + " and "
                + r.target().name()
                + " at one location "
                + r.target().table().location());
      }
      catchAll = r.pattern().equals("*");
      routes.add(r);
    }
    if (routes.isEmpty()) {
      throw fault("lists no route");
    }
    if (routes.size() > Routes.MAX_ROUTES) {
      throw fault("lists " + routes.size() + " routes; at most " + Routes.MAX_ROUTES);
    }
    return new Routes(routes, configured, true);
  }

  private Route route(String entry, Map<String, RoutedTable> tables) {
    int eq = entry.indexOf('=');
    if (eq <= 0) {
      throw fault("entry '" + entry + "' is not pattern=namespace.table");
    }
    String pattern = entry.substring(0, eq).trim();
    String rest = entry.substring(eq + 1).trim();
    if (pattern.isEmpty() || pattern.matches(".*[\\s{}=,].*")) {
      throw fault("entry '" + entry + "' has no usable pattern (no spaces, braces, '=' or ',')");
    }
    String options = null;
    int brace = rest.indexOf('{');
    if (brace >= 0) {
      if (!rest.endsWith("}")) {
        throw fault("entry '" + entry + "' opens '{' and does not end with '}'");
      }
      options = rest.substring(brace + 1, rest.length() - 1);
      rest = rest.substring(0, brace).trim();
    }
    if (!rest.matches(NAME + "\\." + NAME)) {
      throw fault("entry '" + entry + "' names table '" + rest + "'; write namespace.table");
    }
    RoutedTable target = target(entry, rest, options);
    RoutedTable known = tables.putIfAbsent(rest, target);
    if (known != null && !known.equals(target)) {
      if (options != null) {
        throw fault("gives table " + rest + " options twice; give them on one route");
      }
      target = known;
    }
    return new Route(pattern, target);
  }

  /** The table with its options over the global settings. */
  private RoutedTable target(String entry, String name, String options) {
    Map<String, String> o = options(entry, options == null ? "" : options);
    String namespace = name.substring(0, name.indexOf('.'));
    String table = name.substring(name.indexOf('.') + 1);
    FloeSettings.Table base = configured.table();
    boolean isConfigured = name.equals(configured.name());
    String location = isConfigured ? base.location() : namespace + "/" + table;
    SettingsReader r = new SettingsReader(k -> java.util.Optional.ofNullable(o.get(k)));
    try {
      FloeSettings.Table t =
          new FloeSettings.Table(
              namespace,
              table,
              r.location("location", location),
              o.containsKey("columns")
                  ? Promotion.parseAll("columns", o.get("columns"))
                  : base.columns());
      int size = r.integer("size", configured.size(), 1, 1_000_000);
      int max = r.integer("max_size", configured.maxSize(), 1, 10_000_000);
      long timeout = r.integer("timeout_ms", (int) configured.timeoutMs(), 100, 86_400_000);
      if (size > max) {
        throw new IllegalArgumentException("size " + size + " exceeds max_size " + max);
      }
      return new RoutedTable(t, size, timeout, max);
    } catch (IllegalArgumentException e) {
      throw fault("entry '" + entry + "': " + e.getMessage());
    }
  }

  private Map<String, String> options(String entry, String options) {
    Map<String, String> out = new LinkedHashMap<>();
    if (options.isBlank()) {
      return out;
    }
    String last = null;
    for (String raw : options.split(",")) {
      String part = raw.trim();
      int eq = part.indexOf('=');
      if (eq < 0) {
        if (part.isEmpty() || !"columns".equals(last)) {
          throw fault("entry '" + entry + "' has option '" + part + "' without a value");
        }
        out.put(last, out.get(last) + "," + part); // one more FLOE_COLUMNS entry
        continue;
      }
      String key = part.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT);
      if (!OPTIONS.contains(key)) {
        throw fault(
            "entry '"
                + entry
                + "' has option '"
                + key
                + "'; options are "
                + String.join(", ", OPTIONS.stream().sorted().toList()));
      }
      if (out.put(key, part.substring(eq + 1).trim()) != null) {
        throw fault("entry '" + entry + "' gives option '" + key + "' twice");
      }
      last = key;
    }
    return out;
  }

  private IllegalArgumentException fault(String rule) {
    return SettingsReader.bad(KEY, value, rule);
  }
}
