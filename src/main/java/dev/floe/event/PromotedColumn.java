package dev.floe.event;

import java.util.Locale;
import java.util.Optional;

/**
 * A CloudEvents extension attribute or a top-level field of {@code data} written to a typed column
 * of its own. The column's name says where its value comes from ({@code ext_userid} is the
 * extension {@code userid}, {@code data_page} the field {@code page} of {@code data}), so every
 * node fills a promoted column it finds in the table, including one another node added.
 *
 * @param kind one of STRING, INT, LONG, FLOAT, DOUBLE, BOOLEAN
 */
public record PromotedColumn(Source source, String attribute, Columns.Kind kind) {

  /** Where a promoted value comes from. */
  public enum Source {
    /** A CloudEvents extension attribute. */
    EXT,
    /** A top-level field of the event's JSON {@code data}. */
    DATA;

    String prefix() {
      return name().toLowerCase(Locale.ROOT) + "_";
    }
  }

  public PromotedColumn {
    if (kind == Columns.Kind.TIMESTAMPTZ || kind == Columns.Kind.STRING_MAP) {
      throw new IllegalArgumentException("a promoted column cannot be " + kind);
    }
  }

  /** The table column: {@code ext_<attribute>} or {@code data_<field>}. */
  public String column() {
    return source.prefix() + attribute;
  }

  /** How a client names it in errors and in FLOE_COLUMNS: {@code ext.userid}, {@code data.page}. */
  public String label() {
    return source.name().toLowerCase(Locale.ROOT) + "." + attribute;
  }

  /**
   * The same column read as the widest type Iceberg may promote its own to (int to long, float to
   * double): a value that needs it widens the column rather than being refused.
   */
  public PromotedColumn widest() {
    return switch (kind) {
      case INT -> new PromotedColumn(source, attribute, Columns.Kind.LONG);
      case FLOAT -> new PromotedColumn(source, attribute, Columns.Kind.DOUBLE);
      default -> this;
    };
  }

  /** The promoted column a table column of this name and kind is, if it is one. */
  public static Optional<PromotedColumn> ofColumn(String column, Columns.Kind kind) {
    for (Source s : Source.values()) {
      if (column.startsWith(s.prefix())
          && column.length() > s.prefix().length()
          && kind != Columns.Kind.TIMESTAMPTZ
          && kind != Columns.Kind.STRING_MAP) {
        return Optional.of(new PromotedColumn(s, column.substring(s.prefix().length()), kind));
      }
    }
    return Optional.empty();
  }
}
