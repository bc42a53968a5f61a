package dev.floe.it;

import dev.floe.testing.TestTables;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/** Rows of one event type, as a standard Iceberg reader returns them. */
final class TableRows {
  private TableRows() {}

  static List<Record> ofType(Table table, String type) {
    return TestTables.rows(table).stream().filter(x -> type.equals(x.getField("type"))).toList();
  }

  static List<String> idsOfType(Table table, String type) {
    return ofType(table, type).stream().map(x -> (String) x.getField("id")).toList();
  }
}
