package dev.floe.deadletter;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.Types;

/**
 * The dead-letter table's definition: its columns, its partitioning by day of arrival and reason
 * (an operator looks at one reason of recent days; a replay reads only its partitions), and the
 * properties it is created with. Plain Iceberg, read by any engine.
 */
public final class DeadLetterTable {
  static final String DEAD_LETTER_ID = "dead_letter_id";
  static final String RECEIVED_AT = "received_at";
  static final String FAILED_AT = "failed_at";
  static final String INTENDED_TABLE = "intended_table";
  static final String REASON = "reason";
  static final String DETAIL = "detail";
  static final String TYPE = "type";
  static final String SOURCE = "source";
  static final String ID = "id";
  static final String EVENT = "event";
  static final String NODE = "node";

  /** Field ids are fixed here; a catalog may assign its own, rows are mapped by name. */
  public static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, DEAD_LETTER_ID, Types.StringType.get()),
          Types.NestedField.required(2, RECEIVED_AT, Types.TimestampType.withZone()),
          Types.NestedField.required(3, FAILED_AT, Types.TimestampType.withZone()),
          Types.NestedField.required(4, INTENDED_TABLE, Types.StringType.get()),
          Types.NestedField.required(5, REASON, Types.StringType.get()),
          Types.NestedField.optional(6, DETAIL, Types.StringType.get()),
          Types.NestedField.optional(7, TYPE, Types.StringType.get()),
          Types.NestedField.optional(8, SOURCE, Types.StringType.get()),
          Types.NestedField.optional(9, ID, Types.StringType.get()),
          Types.NestedField.required(10, EVENT, Types.StringType.get()),
          Types.NestedField.optional(11, NODE, Types.StringType.get()));

  public static final PartitionSpec SPEC =
      PartitionSpec.builderFor(SCHEMA).day(RECEIVED_AT).identity(REASON).build();

  static final Map<String, String> PROPERTIES =
      Map.of(
          TableProperties.FORMAT_VERSION, "2",
          TableProperties.PARQUET_COMPRESSION, "zstd",
          TableProperties.COMMIT_NUM_RETRIES, "10",
          TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "50",
          TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "5000",
          TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
          TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "20");

  private DeadLetterTable() {}

  /** The metadata of a new dead-letter table at {@code location}, for the direct catalog. */
  public static TableMetadata newMetadata(String location) {
    return TableMetadata.newTableMetadata(SCHEMA, SPEC, SortOrder.unsorted(), location, PROPERTIES);
  }

  /** Loads the table from {@code catalog}, creating it on first use (another node may race). */
  public static Table open(Catalog catalog, TableIdentifier name) {
    if (catalog.tableExists(name)) {
      return catalog.loadTable(name);
    }
    try {
      return catalog
          .buildTable(name, SCHEMA)
          .withPartitionSpec(SPEC)
          .withProperties(PROPERTIES)
          .create();
    } catch (AlreadyExistsException e) {
      return catalog.loadTable(name);
    }
  }

  /** Why {@code table} cannot hold dead letters, or null when it can: every column by name. */
  public static String refusal(Table table) {
    for (Types.NestedField f : SCHEMA.columns()) {
      Types.NestedField found = table.schema().findField(f.name());
      if (found == null) {
        return "the dead-letter table has no column " + f.name();
      }
      if (!found.type().equals(f.type())) {
        return "the dead-letter table's column " + f.name() + " is " + found.type();
      }
    }
    return null;
  }
}
