package dev.floe.maintenance;

import dev.floe.config.MaintenanceSettings;
import java.util.Map;
import java.util.logging.Logger;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateProperties;

/**
 * Brings a table's own maintenance settings in line with Floe's, once per start: old metadata
 * versions deleted after each commit, keeping a bounded number, and rows sorted by {@code time}
 * declared as the table's sort order (compacted files are written in it). Tables made before
 * maintenance existed get the same as new ones.
 */
final class TableSetup {
  private static final Logger LOG = Logger.getLogger(TableSetup.class.getName());

  private TableSetup() {}

  /** The order compaction writes: by event time, events without one first. */
  static SortOrder byTime(Table table) {
    return SortOrder.builderFor(table.schema()).asc("time", NullOrder.NULLS_FIRST).build();
  }

  static void apply(Table table, MaintenanceSettings settings) {
    Map<String, String> want =
        Map.of(
            TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED,
            "true",
            TableProperties.METADATA_PREVIOUS_VERSIONS_MAX,
            Integer.toString(settings.metadataVersionsKept()));
    Map<String, String> have = table.properties();
    boolean differs =
        want.entrySet().stream().anyMatch(e -> !e.getValue().equals(have.get(e.getKey())));
    if (differs) {
      UpdateProperties update = table.updateProperties();
      want.forEach(update::set);
      update.commit();
      LOG.info("Table " + table.name() + ": metadata versions now kept: " + want);
    }
    if (table.sortOrder().isUnsorted()) {
      // an order another tool declared is left alone; compaction then writes files unsorted-tagged
      table.replaceSortOrder().asc("time", NullOrder.NULLS_FIRST).commit();
      LOG.info("Table " + table.name() + ": sort order declared as time ascending");
    }
  }
}
