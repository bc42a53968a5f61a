package dev.floe.lake;

import dev.floe.event.EventRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.apache.iceberg.util.DateTimeUtil;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;

/**
 * The writers of one of Floe's columns for {@link EventParquetWriter}: each takes its value from an
 * event and hands it to Parquet's column writer with the definition and repetition levels Iceberg's
 * generic writer would give the same value, so files, statistics and Iceberg's metrics are the
 * same. Only their cost differs: no record, no boxing, no {@code OffsetDateTime}, and a string
 * equal to the previous row's is not encoded again.
 */
final class Cells {
  private Cells() {}

  /** Writes one column (or a map's two) of every row; Parquet's writers change per row group. */
  abstract static class Cell {
    abstract void setColumnStore(ColumnWriteStore store);

    abstract void write(EventRecord e);
  }

  /** A cell over one leaf column. */
  private abstract static class Leaf extends Cell {
    final ColumnDescriptor desc;
    final int defined;
    ColumnWriter column;

    Leaf(ColumnDescriptor desc) {
      this.desc = desc;
      this.defined = desc.getMaxDefinitionLevel();
    }

    @Override
    void setColumnStore(ColumnWriteStore store) {
      column = store.getColumnWriter(desc);
    }

    void writeNull() {
      if (defined == 0) {
        // Iceberg's generic writer fails the same way on a null in a required column
        throw new NullPointerException("column " + desc.getPath()[0] + " is required");
      }
      column.writeNull(0, defined - 1);
    }
  }

  /** A string column, as UTF-8 bytes. */
  static final class Strings extends Leaf {
    private final Function<EventRecord, Object> value;
    private String last;
    private Binary lastBytes;

    Strings(ColumnDescriptor desc, Function<EventRecord, Object> value) {
      super(desc);
      this.value = value;
    }

    @Override
    void write(EventRecord e) {
      String s = (String) value.apply(e);
      if (s == null) {
        writeNull();
        return;
      }
      // type, source, content type and Cloudflare facts repeat row after row: encode them once
      if (s != last && !s.equals(last)) {
        last = s;
        lastBytes = Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
      }
      column.write(lastBytes, 0, defined);
    }
  }

  /** A timestamp with time zone, as microseconds from the epoch. */
  static final class Times extends Leaf {
    private final Function<EventRecord, Object> value;

    Times(ColumnDescriptor desc, Function<EventRecord, Object> value) {
      super(desc);
      this.value = value;
    }

    @Override
    void write(EventRecord e) {
      Instant t = (Instant) value.apply(e);
      if (t == null) {
        writeNull();
        return;
      }
      long s = t.getEpochSecond();
      // the arithmetic is exact from the epoch on; before it, Iceberg's rounding toward zero
      long micros =
          s >= 0 && s < Long.MAX_VALUE / 1_000_000
              ? s * 1_000_000 + t.getNano() / 1_000
              : DateTimeUtil.microsFromInstant(t);
      column.write(micros, 0, defined);
    }
  }

  /** An int that is the same for every row of the file: the partition's hour columns. */
  static final class ConstantInt extends Leaf {
    private final Integer value;

    ConstantInt(ColumnDescriptor desc, Integer value) {
      super(desc);
      this.value = value;
    }

    @Override
    void write(EventRecord e) {
      if (value == null) {
        writeNull();
      } else {
        column.write(value.intValue(), 0, defined);
      }
    }
  }

  /**
   * A map of strings to strings: one key and one value per entry, the first entry at repetition
   * level 0 and the rest at the map's; a null map one null at the level above the map.
   */
  static final class StringMaps extends Cell {
    private final ColumnDescriptor keyDesc;
    private final ColumnDescriptor valueDesc;
    private final Function<EventRecord, Object> value;
    private final int keyDefined;
    private final int valueDefined;
    private final int repeated;
    private final boolean optional;
    private ColumnWriter keys;
    private ColumnWriter values;

    StringMaps(
        ColumnDescriptor key,
        ColumnDescriptor value,
        boolean optional,
        Function<EventRecord, Object> map) {
      this.keyDesc = key;
      this.optional = optional;
      this.valueDesc = value;
      this.value = map;
      this.keyDefined = key.getMaxDefinitionLevel();
      this.valueDefined = value.getMaxDefinitionLevel();
      this.repeated = key.getMaxRepetitionLevel();
    }

    @Override
    void setColumnStore(ColumnWriteStore store) {
      keys = store.getColumnWriter(keyDesc);
      values = store.getColumnWriter(valueDesc);
    }

    @Override
    @SuppressWarnings("unchecked")
    void write(EventRecord e) {
      Map<String, String> map = (Map<String, String>) value.apply(e);
      if (map == null && !optional) {
        throw new NullPointerException("column " + keyDesc.getPath()[0] + " is required");
      }
      if (map == null || map.isEmpty()) {
        // the key's level less one: an empty map; less two: no map
        int level = map == null ? keyDefined - 2 : keyDefined - 1;
        keys.writeNull(0, level);
        values.writeNull(0, level);
        return;
      }
      int r = 0;
      for (Map.Entry<String, String> entry : map.entrySet()) {
        keys.write(utf8(entry.getKey()), r, keyDefined);
        if (entry.getValue() == null) {
          values.writeNull(r, valueDefined - 1);
        } else {
          values.write(utf8(entry.getValue()), r, valueDefined);
        }
        r = repeated;
      }
    }

    private static Binary utf8(String s) {
      return Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
    }
  }
}
