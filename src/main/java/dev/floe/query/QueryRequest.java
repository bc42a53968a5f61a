package dev.floe.query;

import dev.floe.config.QuerySettings;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types.NestedField;

/**
 * One {@code /query}, checked: every filter is optional, {@code from} is inclusive and {@code to}
 * exclusive, both on the event's time (its hour partition for events that carry none).
 *
 * @param types event types, any of which matches; empty: every type
 * @param columns the columns answered, in the table's order
 * @param equalTo promoted columns ({@code ext_*}, {@code data_*}) and the value each must equal
 */
record QueryRequest(
    List<String> types,
    Instant from,
    Instant to,
    String source,
    String subject,
    String id,
    List<String> columns,
    int limit,
    boolean includeBuffered,
    Map<String, Object> equalTo) {

  /**
   * Checks the raw parameters against the table's schema and the bounds; throws naming one. The
   * parameters that filter promoted columns are among {@code others}, by name.
   */
  static QueryRequest parse(
      Schema schema,
      QuerySettings bounds,
      String type,
      String from,
      String to,
      String source,
      String subject,
      String id,
      String columns,
      String limit,
      String includeBuffered,
      Map<String, String> others) {
    Instant f = instant("from", from);
    Instant t = instant("to", to);
    if (f != null && t != null && !f.isBefore(t)) {
      throw new BadParameterException("to", "'to' must be after 'from'");
    }
    return new QueryRequest(
        list(type),
        f,
        t,
        blankToNull(source),
        blankToNull(subject),
        blankToNull(id),
        columns(schema, columns),
        limit(bounds, limit),
        bool("include_buffered", includeBuffered),
        ColumnFilters.parse(schema, others));
  }

  /** An ISO-8601 instant ({@code 2024-01-15T14:00:00Z}), or null when not given. */
  static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new BadParameterException(
          name, "'" + name + "' must be an ISO-8601 instant such as 2024-01-15T14:00:00Z");
    }
  }

  static List<String> list(String value) {
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static boolean bool(String name, String value) {
    if (value == null || value.isBlank() || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw new BadParameterException(name, "'" + name + "' must be true or false");
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static List<String> columns(Schema schema, String value) {
    List<String> asked = list(value);
    if (asked.isEmpty()) {
      return schema.columns().stream().map(NestedField::name).toList();
    }
    Set<String> wanted = new LinkedHashSet<>(asked);
    List<String> unknown = new ArrayList<>();
    for (String c : wanted) {
      if (schema.findField(c) == null) {
        unknown.add(c);
      }
    }
    if (!unknown.isEmpty()) {
      throw new BadParameterException(
          "columns", "'columns' names no column of the table: " + String.join(", ", unknown));
    }
    return schema.columns().stream().map(NestedField::name).filter(wanted::contains).toList();
  }

  private static int limit(QuerySettings bounds, String value) {
    if (value == null || value.isBlank()) {
      return bounds.defaultRows();
    }
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > bounds.maxRows()) {
      throw new BadParameterException(
          "limit", "'limit' must be a whole number from 1 to " + bounds.maxRows());
    }
    return n;
  }
}
