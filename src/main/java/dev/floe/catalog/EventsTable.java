package dev.floe.catalog;

import dev.floe.config.Promotion;
import dev.floe.event.Columns;
import dev.floe.event.Columns.Column;
import dev.floe.event.PromotedColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    return type(c.kind(), c.innerIds());
  }

  private static Type type(Columns.Kind kind, List<Integer> innerIds) {
    return switch (kind) {
      case STRING -> Types.StringType.get();
      case TIMESTAMPTZ -> Types.TimestampType.withZone();
      case INT -> Types.IntegerType.get();
      case LONG -> Types.LongType.get();
      case FLOAT -> Types.FloatType.get();
      case DOUBLE -> Types.DoubleType.get();
      case BOOLEAN -> Types.BooleanType.get();
      case STRING_MAP ->
          Types.MapType.ofOptional(
              innerIds.get(0), innerIds.get(1), Types.StringType.get(), Types.StringType.get());
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
   * Brings an existing table to what Floe writes, or refuses it: see {@link SchemaEvolution}.
   * {@code promoted} are the columns {@code FLOE_COLUMNS} asks for.
   */
  static void evolve(Table table, List<PromotedColumn> promoted) {
    SchemaEvolution.apply(table, promoted);
  }

  /**
   * Widens a promoted column as Iceberg allows (int to long, float to double) because a value needs
   * it; safe against concurrent writers like {@link #evolve}, and a no-op once it is wide.
   */
  public static void widen(Table table, String column) {
    SchemaEvolution.widen(table, column);
  }

  /** The optional column a promoted attribute is written to (its field id is the table's). */
  static Types.NestedField field(PromotedColumn p) {
    return Types.NestedField.optional(0, p.column(), type(p.kind(), List.of()));
  }

  /**
   * Floe's columns followed by {@code promoted}, numbered after Floe's own field ids: the schema of
   * files written without a table ({@code USE_ICEBERG=false}), where no table assigns the ids.
   */
  public static Schema withPromoted(List<PromotedColumn> promoted) {
    List<Types.NestedField> fields = new ArrayList<>(SCHEMA.columns());
    int id = SCHEMA.highestFieldId();
    for (PromotedColumn p : promoted) {
      fields.add(Types.NestedField.optional(++id, p.column(), type(p.kind(), List.of())));
    }
    return new Schema(fields);
  }

  /** The promoted columns {@code FLOE_COLUMNS} lists. */
  public static List<PromotedColumn> promoted(List<Promotion> settings) {
    return settings.stream()
        .map(
            p ->
                new PromotedColumn(
                    PromotedColumn.Source.valueOf(p.source().toUpperCase(Locale.ROOT)),
                    p.name(),
                    Columns.Kind.valueOf(p.type().toUpperCase(Locale.ROOT))))
        .toList();
  }

  /** The kind of a column of this Iceberg type, empty for a type Floe does not write. */
  public static Optional<Columns.Kind> kindOf(Type t) {
    return Optional.ofNullable(
        switch (t.typeId()) {
          case STRING -> Columns.Kind.STRING;
          case INTEGER -> Columns.Kind.INT;
          case LONG -> Columns.Kind.LONG;
          case FLOAT -> Columns.Kind.FLOAT;
          case DOUBLE -> Columns.Kind.DOUBLE;
          case BOOLEAN -> Columns.Kind.BOOLEAN;
          default -> null;
        });
  }

  /** The partition spec as source column names and transforms, to compare specs by. */
  static List<String> specFields(PartitionSpec spec, Schema schema) {
    return spec.fields().stream()
        .map(f -> schema.findColumnName(f.sourceId()) + ":" + f.transform())
        .toList();
  }

  static boolean sameType(Type a, Type b) {
    if (a.isMapType() && b.isMapType()) {
      return a.asMapType().keyType().equals(b.asMapType().keyType())
          && a.asMapType().valueType().equals(b.asMapType().valueType());
    }
    return a.equals(b);
  }
}
