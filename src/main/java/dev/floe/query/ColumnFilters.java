package dev.floe.query;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Filters on promoted columns ({@code FLOE_COLUMNS}): a query parameter named like one of the
 * table's {@code ext_*} or {@code data_*} columns asks for rows whose column equals its value, read
 * as the column's type ({@code ?ext_userid=42&data_page=/home}). Columns are looked up in the
 * table's current schema, so a column another node added is filterable as soon as it is committed.
 * The value is typed here, not compared as text, so Iceberg can skip files by the column's bounds.
 */
final class ColumnFilters {
  private static final String[] PREFIXES = {"ext_", "data_"};

  private ColumnFilters() {}

  /** True for a parameter name that can only mean a promoted column. */
  static boolean isColumnParameter(String name) {
    for (String p : PREFIXES) {
      if (name.startsWith(p) && name.length() > p.length()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The typed value of each promoted-column parameter among {@code params}; other names ignored.
   * Throws {@link BadParameterException} for a name the table has no such column for, or a value
   * that is not of its column's type.
   */
  static Map<String, Object> parse(Schema schema, Map<String, String> params) {
    Map<String, Object> filters = new LinkedHashMap<>();
    params.forEach(
        (name, value) -> {
          if (!isColumnParameter(name)) {
            return;
          }
          NestedField f = schema.findField(name);
          if (f == null || !f.type().isPrimitiveType()) {
            throw new BadParameterException(
                name, "'" + name + "' names no promoted column of the table (see FLOE_COLUMNS)");
          }
          filters.put(name, typed(name, f, value == null ? "" : value.trim()));
        });
    return filters;
  }

  private static Object typed(String name, NestedField f, String value) {
    try {
      return switch (f.type().typeId()) {
        case STRING -> value;
        case INTEGER -> Integer.parseInt(value);
        case LONG -> Long.parseLong(value);
        case FLOAT -> Float.parseFloat(value);
        case DOUBLE -> Double.parseDouble(value);
        case BOOLEAN -> bool(value);
        default -> throw new NumberFormatException();
      };
    } catch (NumberFormatException e) {
      throw new BadParameterException(
          name, "'" + name + "' must be a value of its column's type, " + f.type());
    }
  }

  private static Boolean bool(String value) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.valueOf(value);
    }
    throw new NumberFormatException();
  }
}
