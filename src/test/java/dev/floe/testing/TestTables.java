package dev.floe.testing;

import dev.floe.config.FloeSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;

/** Test helpers: settings from a few keys, and the table read back by a standard Iceberg reader. */
public final class TestTables {
  private TestTables() {}

  public static FloeSettings settings(Path warehouse, String... keyValues) {
    Map<String, String> m = new HashMap<>();
    m.put("floe.warehouse", warehouse.toString());
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return FloeSettings.from(k -> Optional.ofNullable(m.get(k)));
  }

  /** Loads the table the way Hadoop-table readers do: version-hint.text, then vN.metadata.json. */
  public static Table load(Path tableDir) {
    return new HadoopTables(new Configuration()).load(tableDir.toAbsolutePath().toString());
  }

  public static List<Record> rows(Table table) {
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      it.forEach(out::add);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }
}
