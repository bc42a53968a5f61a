package dev.floe.objects;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.EventsTable;
import dev.floe.catalog.ObjectCatalogStrategy;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.Columns;
import dev.floe.event.EventRecord;
import dev.floe.event.PromotedColumn;
import dev.floe.lake.FlushSink;
import dev.floe.metrics.FloeStats;
import dev.floe.testing.Fixtures;
import dev.floe.testing.PlainObjects;
import dev.floe.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How plain objects are named and what their lines hold. */
class ObjectFormatsTest {
  private static final Instant HOUR = Instant.parse("2024-05-01T10:15:00Z");

  @TempDir Path dir;

  private ObjectSink sink() {
    ObjectCatalogStrategy store =
        (ObjectCatalogStrategy)
            CatalogProducer.create(TestTables.settings(dir, "use.iceberg", "false"));
    return new ObjectSink(store, "n1", false, new FloeStats());
  }

  @Test
  void objectsGoUnderTheSeedsPartitionFoldersWithTheirTypeEncoded() {
    String path = ObjectNames.object("s3://b/t", Fixtures.event("1", "a/../b", HOUR), "x", false);
    assertThat(path)
        .isEqualTo("s3://b/t/type=a%2F..%2Fb/year=2024/month=05/day=01/hour=10/x.ndjson.gz");
    assertThat(ObjectNames.object("file:/w", Fixtures.event("1", "a", HOUR), "x", true))
        .endsWith("/hour=10/x.parquet");
    assertThat(ObjectNames.positions("s3://b/t", "n1"))
        .isEqualTo("s3://b/t/_floe/positions/n1.json");
  }

  @Test
  void aLineIsAStructuredCloudEventWithTheCloudflareFactsAsExtensions() {
    ObjectSink sink = sink();
    FlushSink.Written w =
        sink.write(List.of(new FlushSink.Batch(List.of(Fixtures.PAGE_VIEW), "p-1")), "c1");
    sink.commit(w, "c1", Map.of(), r -> {});
    JsonNode line = PlainObjects.events(PlainObjects.in(dir.resolve("analytics/events"))).get(0);
    assertThat(line.get("id").asText()).isEqualTo(Fixtures.PAGE_VIEW.id());
    assertThat(line.get("data").get("page").asText()).isEqualTo("/home");
    assertThat(line.get("traceparent").asText()).isEqualTo("00-abc-01");
    assertThat(line.get("cfcolo").asText()).isEqualTo("SJC");
    assertThat(line.get("cftimezone").asText()).isEqualTo("America/Los_Angeles");
    assertThat(sink.landed("c1")).isTrue();
    assertThat(sink.landed("c0")).isFalse();
  }

  @Test
  void dataThatIsNotJsonIsWrittenAsBase64AndANameIsRequiredOnlyForLoggedEvents() throws Exception {
    ObjectSink sink = sink();
    FlushSink.Written w =
        sink.write(
            List.of(
                new FlushSink.Batch(
                    List.of(
                        Fixtures.sparse(
                            "b", "bin", "s", HOUR, "AAEC/w==", CloudflareInfo.NONE, HOUR)),
                    null)),
            "c9");
    assertThat(w.paths()).singleElement().asString().endsWith("/c9-0.ndjson.gz");
    JsonNode line = PlainObjects.events(PlainObjects.in(dir.resolve("analytics/events"))).get(0);
    assertThat(line.get("data_base64").asText()).isEqualTo("AAEC/w==");
    assertThat(line.has("data")).isFalse();
    assertThat(line.has("cfcolo")).isFalse();
    sink.discard(w);
    assertThat(Files.exists(Path.of(w.paths().get(0).substring("file:".length())))).isFalse();
  }

  @Test
  void parquetObjectsCarryThePromotedColumnsTypedAfterFloesOwn() {
    ObjectCatalogStrategy store =
        (ObjectCatalogStrategy)
            CatalogProducer.create(
                TestTables.settings(
                    dir,
                    "use.iceberg",
                    "false",
                    "floe.columns",
                    "ext.userid:long, data.page:string"));
    Schema schema =
        EventsTable.withPromoted(
            List.of(
                new PromotedColumn(PromotedColumn.Source.EXT, "userid", Columns.Kind.LONG),
                new PromotedColumn(PromotedColumn.Source.DATA, "page", Columns.Kind.STRING)));
    assertThat(schema.findField("ext_userid").fieldId())
        .isEqualTo(EventsTable.SCHEMA.highestFieldId() + 1);
    ObjectSink sink = new ObjectSink(store, () -> "n1", true, schema, new FloeStats());
    EventRecord e =
        new EventRecord(
            "p1",
            "order",
            "shop",
            "1.0",
            HOUR,
            null,
            "application/json",
            null,
            "{\"page\":\"/cart\"}",
            Map.of("userid", "42"),
            CloudflareInfo.NONE,
            HOUR);
    FlushSink.Written w = sink.write(List.of(new FlushSink.Batch(List.of(e), "p-1")), "c1");
    sink.commit(w, "c1", Map.of(), r -> {});

    byte[] object = PlainObjects.in(dir.resolve("analytics/events")).values().iterator().next();
    Record row = PlainObjects.parquet(object, schema).get(0);
    assertThat(row.getField("id")).isEqualTo("p1");
    assertThat(row.getField("ext_userid")).isEqualTo(42L);
    assertThat(row.getField("data_page")).isEqualTo("/cart");
  }
}
