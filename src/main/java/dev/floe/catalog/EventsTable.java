package dev.floe.catalog;

import dev.floe.event.Columns;
import dev.floe.event.Columns.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The events table as the seed defines it: its columns (from {@link Columns}) as an Iceberg schema,
 * identity partitioning on type and hour, and the table properties Floe creates it with.
 */
public final class EventsTable {
  private EventsTable() {}

  /** The table's schema, built from {@link Columns#ALL}: field ids, names, types and order. */
  public static final Schema SCHEMA =
      new Schema(Columns.ALL.stream().map(EventsTable::field).toList());

  private static Types.NestedField field(Column c) {
    return Types.NestedField.of(c.id(), !c.required(), c.name(), type(c));
  }

  private static Type type(Column c) {
    return switch (c.kind()) {
      case STRING -> Types.StringType.get();
      case TIMESTAMPTZ -> Types.TimestampType.withZone();
      case INT -> Types.IntegerType.get();
      case STRING_MAP ->
          Types.MapType.ofOptional(
              c.innerIds().get(0), c.innerIds().get(1),
              Types.StringType.get(), Types.StringType.get());
    };
  }

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
          TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "5000",
          // a commit deletes the metadata versions that fell out of the log (maintenance sets
          // the count from FLOE_METADATA_VERSIONS_KEPT on existing tables too)
          TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
          TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "20");

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

  private static boolean sameType(Type a, Type b) {
    if (a.isMapType() && b.isMapType()) {
      return a.asMapType().keyType().equals(b.asMapType().keyType())
          && a.asMapType().valueType().equals(b.asMapType().valueType());
    }
    return a.equals(b);
  }
}
