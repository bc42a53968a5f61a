package dev.floe.it;

import dev.floe.testing.TestTables;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/** The table the server under test writes, read from its warehouse folder by a standard reader. */
public final class Warehouse {
  private Warehouse() {}

  public static Path root() {
    return Path.of(System.getProperty("floe.it.warehouse", "target/it-warehouse"));
  }

  public static Path tableDir() {
    return root().resolve("analytics/events");
  }

  public static Table table() {
    return TestTables.load(tableDir());
  }

  public static List<Record> rows(Predicate<Record> which) {
    return TestTables.rows(table()).stream().filter(which).toList();
  }

  public static Predicate<Record> ofType(String type) {
    return r -> type.equals(r.getField("type"));
  }
}
