package dev.floe.lake;

import dev.floe.catalog.EventsTable;
import dev.floe.event.Columns;
import dev.floe.event.Columns.Column;
import dev.floe.event.EventRecord;
import dev.floe.event.PromotedColumn;
import dev.floe.event.PromotedValues;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.FieldMetrics;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.parquet.ParquetValueWriters;
import org.apache.iceberg.parquet.TripleWriter;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Writes the events of one partition as rows of the table's current schema, straight to Parquet's
 * column writers: Iceberg's Parquet writer takes it in place of its generic record writer ({@code
 * createWriterFunc}), and the file, its statistics and Iceberg's metrics are what the generic
 * writer makes of the same rows. Each of the table's columns is one of {@link Columns} (matched by
 * name, written by {@link Cells}), a promoted column ({@code ext_*}, {@code data_*}, whoever added
 * it, written by Iceberg's own value writers, which also keep the NaN counts of float columns), or
 * a column Floe does not know, left null by Iceberg's generic writer. The hour columns are the
 * partition's, set once.
 */
final class EventParquetWriter implements ParquetValueWriter<EventRecord> {
  private static final Map<String, Column> OURS =
      Columns.ALL.stream().collect(Collectors.toMap(Column::name, c -> c));

  private final Cells.Cell[] cells;
  private final PromotedValues promoted;
  private final Object[] promotedValues;
  private final ParquetValueWriter<Object>[] promotedWriters;
  // promoted columns of a type Iceberg can widen (int, float): read wide, written narrow if it fits
  private final boolean[] narrowed;
  // the columns Floe does not know (another tool added them), null in every row
  private final ParquetValueWriter<Record> unknown;
  private final Record nulls;

  /** The writer function for a file of {@code schema} holding the partition of {@code first}. */
  static Function<MessageType, ParquetValueWriter<?>> of(Schema schema, EventRecord first) {
    return file -> new EventParquetWriter(schema, file, first);
  }

  @SuppressWarnings("unchecked")
  private EventParquetWriter(Schema schema, MessageType file, EventRecord first) {
    Map<String, List<ColumnDescriptor>> leaves = new HashMap<>();
    for (ColumnDescriptor d : file.getColumns()) {
      leaves.computeIfAbsent(d.getPath()[0], k -> new ArrayList<>()).add(d);
    }
    Map<Integer, Type> tops = new HashMap<>();
    file.getFields().forEach(t -> tops.put(t.getId().intValue(), t));
    List<Cells.Cell> ours = new ArrayList<>();
    List<PromotedColumn> promotedColumns = new ArrayList<>();
    List<ParquetValueWriter<?>> writers = new ArrayList<>();
    List<Boolean> narrow = new ArrayList<>();
    List<Types.NestedField> unknownFields = new ArrayList<>();
    List<Type> unknownTypes = new ArrayList<>();
    for (Types.NestedField field : schema.columns()) {
      Type top = tops.get(field.fieldId());
      List<ColumnDescriptor> own = leaves.get(top.getName());
      Column c = OURS.get(field.name());
      PromotedColumn pc =
          c != null
              ? null
              : EventsTable.kindOf(field.type())
                  .flatMap(kind -> PromotedColumn.ofColumn(field.name(), kind))
                  .orElse(null);
      if (c != null) {
        ours.add(cell(c, top, own, first));
      } else if (pc != null) {
        promotedColumns.add(pc.widest());
        narrow.add(pc.kind() != pc.widest().kind());
        writers.add(promotedWriter(top, own.get(0), pc.kind()));
      } else {
        unknownFields.add(field);
        unknownTypes.add(top);
      }
    }
    if (unknownFields.isEmpty()) {
      unknown = null;
      nulls = null;
    } else {
      // rare: Iceberg's own writer fills them, with the metrics it keeps for nested floats too
      Schema rest = new Schema(unknownFields);
      unknown = GenericParquetWriter.create(rest, new MessageType(file.getName(), unknownTypes));
      nulls = GenericRecord.create(rest);
    }
    cells = ours.toArray(new Cells.Cell[0]);
    promoted = new PromotedValues(promotedColumns);
    promotedValues = new Object[promotedColumns.size()];
    promotedWriters = writers.toArray(new ParquetValueWriter[0]);
    narrowed = new boolean[narrow.size()];
    for (int i = 0; i < narrowed.length; i++) {
      narrowed[i] = narrow.get(i);
    }
  }

  private static Cells.Cell cell(
      Column c, Type top, List<ColumnDescriptor> own, EventRecord first) {
    ColumnDescriptor d = own.get(0);
    PrimitiveTypeName p = d.getPrimitiveType().getPrimitiveTypeName();
    if (c.kind() == Columns.Kind.STRING && p == PrimitiveTypeName.BINARY) {
      return new Cells.Strings(d, c.value());
    }
    if (c.kind() == Columns.Kind.TIMESTAMPTZ && p == PrimitiveTypeName.INT64) {
      return new Cells.Times(d, c.value());
    }
    if (c.kind() == Columns.Kind.INT && c.ofPartition() && p == PrimitiveTypeName.INT32) {
      return new Cells.ConstantInt(d, (Integer) c.value().apply(first));
    }
    if (c.kind() == Columns.Kind.STRING_MAP && own.size() == 2) {
      boolean optional = top.isRepetition(Type.Repetition.OPTIONAL);
      return new Cells.StringMaps(own.get(0), own.get(1), optional, c.value());
    }
    throw new IllegalStateException(
        "column " + c.name() + " is " + top + " in the table; Floe writes it as " + c.kind());
  }

  /** Iceberg's generic writer for a promoted column: the same bytes and the same metrics. */
  private static ParquetValueWriter<?> promotedWriter(
      Type top, ColumnDescriptor d, Columns.Kind kind) {
    ParquetValueWriter<?> w =
        switch (kind) {
          case STRING -> ParquetValueWriters.strings(d);
          case INT -> ParquetValueWriters.ints(d);
          case LONG -> ParquetValueWriters.longs(d);
          case FLOAT -> ParquetValueWriters.floats(d);
          case DOUBLE -> ParquetValueWriters.doubles(d);
          case BOOLEAN -> ParquetValueWriters.booleans(d);
          default -> throw new IllegalStateException("a promoted column cannot be " + kind);
        };
    return ParquetValueWriters.option(top, d.getMaxDefinitionLevel(), w);
  }

  /**
   * Writes the row of {@code e}. Throws {@link WideningNeeded} for a value its int (float) column
   * can only hold once widened to long (double).
   */
  @Override
  public void write(int repetitionLevel, EventRecord e) {
    if (promotedWriters.length > 0) {
      // lenient: a column this node's ingest did not check (another node added it) gets null
      promoted.read(e, promotedValues, false);
      for (int i = 0; i < narrowed.length; i++) {
        if (narrowed[i] && promotedValues[i] != null) {
          // before any column of the row is written: a widening leaves no half row behind
          promotedValues[i] = narrow(i, promotedValues[i]);
        }
      }
    }
    for (Cells.Cell c : cells) {
      c.write(e);
    }
    for (int i = 0; i < promotedWriters.length; i++) {
      promotedWriters[i].write(0, promotedValues[i]);
    }
    if (unknown != null) {
      unknown.write(0, nulls);
    }
  }

  /** The value in the column's own type, or {@link WideningNeeded} when it needs the wider. */
  private Object narrow(int i, Object v) {
    if (v instanceof Long l && l == l.intValue()) {
      return l.intValue();
    }
    if (v instanceof Double d && Math.abs(d) <= Float.MAX_VALUE) {
      return d.floatValue();
    }
    throw new WideningNeeded(promoted.columns().get(i).column());
  }

  /** Only a parent writer reads its children's columns, and this one is always the root. */
  @Override
  public List<TripleWriter<?>> columns() {
    return List.of();
  }

  @Override
  public void setColumnStore(ColumnWriteStore store) {
    for (Cells.Cell c : cells) {
      c.setColumnStore(store);
    }
    for (ParquetValueWriter<Object> w : promotedWriters) {
      w.setColumnStore(store);
    }
    if (unknown != null) {
      unknown.setColumnStore(store);
    }
  }

  @Override
  public Stream<FieldMetrics<?>> metrics() {
    Stream<FieldMetrics<?>> promotedMetrics =
        Arrays.stream(promotedWriters).flatMap(ParquetValueWriter::metrics);
    return unknown == null ? promotedMetrics : Stream.concat(promotedMetrics, unknown.metrics());
  }

  /**
   * Floe's columns of {@code e} as a record of {@code schema} (the rest null): what the partition
   * key of its file is computed from, once per file.
   */
  static Record partitionSource(Schema schema, EventRecord e) {
    GenericRecord r = GenericRecord.create(schema);
    for (Types.NestedField f : schema.columns()) {
      Column c = OURS.get(f.name());
      if (c != null) {
        Object v = c.value().apply(e);
        r.setField(f.name(), v instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : v);
      }
    }
    return r;
  }
}
