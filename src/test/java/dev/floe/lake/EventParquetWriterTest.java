package dev.floe.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.EventsTable;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import dev.floe.testing.TestTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Floe's own Parquet writer makes the file Iceberg's generic writer made of the same rows: the same
 * field ids and schema, the same metrics in the manifest (value, null and NaN counts, bounds,
 * column sizes), the same rows read back, byte for byte the same file.
 */
class EventParquetWriterTest {
  private static final Instant HOUR = Instant.parse("2024-05-01T10:00:00Z");
  private static final CloudflareInfo CF =
      new CloudflareInfo(
          "AMS",
          "NL",
          "Zürich",
          "EU",
          "1011",
          "Noord-Holland",
          "Europe/Amsterdam",
          "HTTP/2",
          "TLSv1.3",
          "AEAD-AES128-GCM-SHA256");

  @TempDir Path warehouse;

  private Table table(String columns) {
    TableCommitter c =
        new TableCommitter(
            CatalogProducer.create(TestTables.settings(warehouse, "floe.columns", columns)));
    return c.table();
  }

  private static EventRecord event(
      String id, Instant time, String subject, Map<String, String> ext, String data, int second) {
    return new EventRecord(
        id,
        "order.placed",
        "https://shop.example/ü",
        "1.0",
        time,
        subject,
        data == null ? null : "application/json",
        null,
        data,
        ext,
        second % 2 == 0 ? CF : CloudflareInfo.NONE,
        HOUR.plusSeconds(second));
  }

  /** Every kind of value: nulls, unicode, maps empty and full, promoted values present or not. */
  private static List<EventRecord> mixed() {
    List<EventRecord> events = new ArrayList<>();
    Map<String, String> withNullValue = new HashMap<>();
    withNullValue.put("userid", null);
    withNullValue.put("trace", "t-1");
    for (int i = 0; i < 300; i++) {
      Map<String, String> ext =
          switch (i % 4) {
            case 0 -> Map.of();
            case 1 -> new LinkedHashMap<>(Map.of("userid", Long.toString(1L << 40 + i % 3)));
            case 2 ->
                Map.of("userid", "-7", "n", Integer.toString(i - 150), "flag", "true", "ü", "✓");
            default -> i == 3 ? withNullValue : Map.of("n", "x", "flag", "no");
          };
      String data =
          switch (i % 5) {
            case 0 -> null;
            case 1 -> "{\"amount\":" + (i * 1.25) + ",\"ratio\":0.5,\"page\":\"/cart/" + i + "\"}";
            case 2 -> "{\"page\":\"日本語 🚀\",\"amount\":-3e2,\"nested\":{\"amount\":1}}";
            case 3 -> "[1,2,3]";
            default -> "{\"amount\":\"not a number\",\"ratio\":-1.5e30}";
          };
      Instant time = i % 7 == 0 ? null : HOUR.plusSeconds(i).plusNanos(i * 1_234_567L);
      String subject = i % 3 == 0 ? null : "subject-" + (i % 10) + (i % 11 == 0 ? "-é" : "");
      events.add(event("évt-" + i, time, subject, ext, data, i));
    }
    return events;
  }

  @Test
  void everyKindOfColumnIsWrittenAsTheGenericWriterWroteIt() {
    Table table =
        table(
            "ext.userid:long, ext.n:int, ext.flag:boolean, data.amount:double, data.ratio:float,"
                + " data.page:string");
    // columns Floe does not know, one of them nested: null in every row
    table
        .updateSchema()
        .addColumn("note", Types.StringType.get())
        .addColumn(
            "geo",
            Types.StructType.of(
                Types.NestedField.optional(1000, "lat", Types.DoubleType.get()),
                Types.NestedField.optional(
                    1001, "tags", Types.ListType.ofOptional(1002, Types.StringType.get()))))
        .commit();
    table.refresh();

    assertSameFile(table, mixed());
  }

  @Test
  void theSeedsColumnsAloneAreWrittenAsBefore() {
    assertSameFile(table(""), mixed());
  }

  @Test
  void anIntColumnWidenedToLongIsWrittenAsBefore() {
    Table table = table("ext.n:int");
    EventsTable.widen(table, "ext_n");
    table.refresh();
    assertThat(table.schema().findType("ext_n")).isEqualTo(Types.LongType.get());
    List<EventRecord> events = new ArrayList<>(mixed());
    events.add(event("big", HOUR, null, Map.of("n", Long.toString(1L << 40)), null, 1));

    assertSameFile(table, events);
  }

  @Test
  void timesBeforeTheEpochAndWithNanosecondsRoundAsIcebergsDo() {
    Instant before = Instant.parse("1969-12-31T23:59:59.999999500Z");
    List<EventRecord> events = new ArrayList<>();
    for (long nanos : new long[] {0, 1, 499, 500, 999, 1_000, 999_999_999}) {
      events.add(event("b" + nanos, before.minusNanos(nanos), null, Map.of(), null, 0));
    }
    events.add(event("epoch", Instant.EPOCH, null, Map.of(), null, 0));

    assertSameFile(table(""), events);
  }

  private void assertSameFile(Table table, List<EventRecord> events) {
    DataFile old = GenericWrite.write(table, events, table.location() + "/data/generic.parquet");
    DataFile ours = DataFileWriter.write(table, List.of(events), "ours").files().get(0);

    assertThat(ours.recordCount()).isEqualTo(events.size()).isEqualTo(old.recordCount());
    assertThat(ours.partition()).hasToString(old.partition().toString());
    assertThat(ours.valueCounts()).isEqualTo(old.valueCounts());
    assertThat(ours.nullValueCounts()).isEqualTo(old.nullValueCounts());
    assertThat(ours.nanValueCounts()).isEqualTo(old.nanValueCounts());
    assertThat(ours.lowerBounds()).isEqualTo(old.lowerBounds());
    assertThat(ours.upperBounds()).isEqualTo(old.upperBounds());
    assertThat(ours.columnSizes()).isEqualTo(old.columnSizes());
    assertThat(ours.splitOffsets()).isEqualTo(old.splitOffsets());
    assertThat(ours.fileSizeInBytes()).isEqualTo(old.fileSizeInBytes());
    // metrics of every kind of column, so equal maps are not empty ones
    assertThat(ours.valueCounts()).containsKeys(1, 5, 11, 21);
    assertThat(ours.lowerBounds()).containsKeys(1, 5, 21);

    Schema schema = table.schema();
    List<Record> oldRows = read(table, old.location());
    List<Record> ourRows = read(table, ours.location());
    assertThat(ourRows).hasSize(events.size());
    for (Types.NestedField f : schema.columns()) {
      assertThat(ourRows)
          .as("column %s", f.name())
          .extracting(r -> r.getField(f.name()))
          .containsExactlyElementsOf(oldRows.stream().map(r -> r.getField(f.name())).toList());
    }
    assertThat(bytes(ours.location())).as("the same file").isEqualTo(bytes(old.location()));
  }

  private static List<Record> read(Table table, String location) {
    Schema schema = table.schema();
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> it =
        Parquet.read(table.io().newInputFile(location))
            .project(schema)
            .createReaderFunc(file -> GenericParquetReaders.buildReader(schema, file))
            .build()) {
      it.forEach(r -> rows.add(r.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static byte[] bytes(String location) {
    try {
      return Files.readAllBytes(Path.of(location.replaceFirst("^file:", "")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
