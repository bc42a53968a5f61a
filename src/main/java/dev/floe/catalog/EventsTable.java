package dev.floe.catalog;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.types.Types;

/**
 * The events table as the seed defines it: its columns in order, identity partitioning on type and
 * hour, and the table properties Floe creates it with.
 */
public final class EventsTable {
  private EventsTable() {}

  public static final Schema SCHEMA =
      new Schema(
          required(1, "id", Types.StringType.get()),
          required(2, "type", Types.StringType.get()),
          required(3, "source", Types.StringType.get()),
          required(4, "specversion", Types.StringType.get()),
          optional(5, "time", Types.TimestampType.withZone()),
          optional(6, "subject", Types.StringType.get()),
          optional(7, "datacontenttype", Types.StringType.get()),
          optional(8, "dataschema", Types.StringType.get()),
          optional(9, "data", Types.StringType.get()),
          optional(
              10,
              "extensions",
              Types.MapType.ofOptional(25, 26, Types.StringType.get(), Types.StringType.get())),
          optional(11, "cf_colo", Types.StringType.get()),
          optional(12, "cf_country", Types.StringType.get()),
          optional(13, "cf_city", Types.StringType.get()),
          optional(14, "cf_continent", Types.StringType.get()),
          optional(15, "cf_postal_code", Types.StringType.get()),
          optional(16, "cf_region", Types.StringType.get()),
          optional(17, "cf_timezone", Types.StringType.get()),
          optional(18, "cf_http_protocol", Types.StringType.get()),
          optional(19, "cf_tls_version", Types.StringType.get()),
          optional(20, "cf_tls_cipher", Types.StringType.get()),
          required(21, "year", Types.IntegerType.get()),
          required(22, "month", Types.IntegerType.get()),
          required(23, "day", Types.IntegerType.get()),
          required(24, "hour", Types.IntegerType.get()));

  public static final PartitionSpec SPEC =
      PartitionSpec.builderFor(SCHEMA)
          .identity("type")
          .identity("year")
          .identity("month")
          .identity("day")
          .identity("hour")
          .build();

  static final Map<String, String> PROPERTIES =
      Map.of(
          TableProperties.FORMAT_VERSION, "2",
          TableProperties.PARQUET_COMPRESSION, "zstd",
          TableProperties.COMMIT_NUM_RETRIES, "10",
          TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "50",
          TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "5000");

  static TableMetadata newMetadata(String location) {
    return TableMetadata.newTableMetadata(SCHEMA, SPEC, SortOrder.unsorted(), location, PROPERTIES);
  }

  /**
   * Refuses a table that Floe cannot append to: each of Floe's columns must exist with the same
   * type (extra optional columns are fine), and the partition spec must be Floe's.
   */
  static void checkCompatible(Table table) {
    List<String> problems = new ArrayList<>();
    for (Types.NestedField want : SCHEMA.columns()) {
      Types.NestedField have = table.schema().findField(want.name());
      if (have == null) {
        problems.add("column " + want.name() + " is missing");
      } else if (!sameType(have.type(), want.type())) {
        problems.add("column " + want.name() + " is " + have.type() + ", expected " + want.type());
      } else if (have.isRequired() && want.isOptional()) {
        problems.add("column " + want.name() + " is required, expected optional");
      }
    }
    List<String> partitionSources =
        table.spec().fields().stream()
            .map(f -> table.schema().findColumnName(f.sourceId()) + ":" + f.transform())
            .toList();
    List<String> expected =
        SPEC.fields().stream()
            .map(f -> SCHEMA.findColumnName(f.sourceId()) + ":" + f.transform())
            .toList();
    if (!partitionSources.equals(expected)) {
      problems.add("partition spec is " + partitionSources + ", expected " + expected);
    }
    if (!problems.isEmpty()) {
      throw new IncompatibleTableException(
          "Table " + table.name() + " is not compatible with Floe: " + String.join("; ", problems));
    }
  }

  private static boolean sameType(
      org.apache.iceberg.types.Type a, org.apache.iceberg.types.Type b) {
    if (a.isMapType() && b.isMapType()) {
      return a.asMapType().keyType().equals(b.asMapType().keyType())
          && a.asMapType().valueType().equals(b.asMapType().valueType());
    }
    return a.equals(b);
  }
}
