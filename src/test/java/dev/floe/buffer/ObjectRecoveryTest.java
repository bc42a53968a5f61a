package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.ObjectCatalogStrategy;
import dev.floe.event.EventRecord;
import dev.floe.lake.FlushSink;
import dev.floe.metrics.FloeStats;
import dev.floe.objects.ObjectSink;
import dev.floe.testing.Fixtures;
import dev.floe.testing.PlainObjects;
import dev.floe.testing.TestTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node writing plain objects (USE_ICEBERG=false), stopped at each point a crash can hit, then
 * started again: every acknowledged event is in exactly one object, and a repeated flush overwrites
 * the object of its first attempt instead of adding one.
 */
class ObjectRecoveryTest {
  private static final Instant HOUR = Instant.parse("2024-05-01T10:15:00Z");
  private static final String PARTITION = "type=a/year=2024/month=05/day=01/hour=10/";

  @TempDir Path dir;

  private ObjectSink sink(String format) {
    ObjectCatalogStrategy store =
        (ObjectCatalogStrategy)
            CatalogProducer.create(
                TestTables.settings(
                    dir.resolve("w"), "use.iceberg", "false", "floe.object.format", format));
    return new ObjectSink(store, "node-a", format.equals("parquet"), new FloeStats());
  }

  private TestNode node(FlushSink sink) throws IOException {
    return new TestNode(dir.resolve("wal"), sink);
  }

  private static EventRecord e(String id, String type) {
    return Fixtures.event(id, type, HOUR);
  }

  private Map<String, byte[]> objects() {
    return PlainObjects.in(dir.resolve("w/analytics/events"));
  }

  @Test
  void aFlushWritesOneObjectPerPartitionNamedAfterItsFirstLogPosition() throws Exception {
    try (TestNode n = node(sink("ndjson"))) {
      n.accept(e("1", "a"), e("2", "b"));
      n.accept(e("3", "a"));
      n.flush(null);
      String log = n.wal.identity().id();
      assertThat(objects().keySet())
          .containsExactly(
              PARTITION + "node-a-" + log + "-0000000000000000001.ndjson.gz",
              "type=b/year=2024/month=05/day=01/hour=10/node-a-"
                  + log
                  + "-0000000000000000001.ndjson.gz");
    }
    List<JsonNode> events = PlainObjects.events(objects());
    assertThat(events)
        .extracting(j -> j.get("id").asText())
        .containsExactlyInAnyOrder("1", "2", "3");
    JsonNode first =
        events.stream().filter(j -> j.get("id").asText().equals("1")).findFirst().get();
    assertThat(first.get("specversion").asText()).isEqualTo("1.0");
    assertThat(first.get("type").asText()).isEqualTo("a");
    assertThat(first.get("time").asText()).isEqualTo("2024-05-01T10:15:00Z");
    assertThat(Files.exists(dir.resolve("w/analytics/events/_floe/positions/node-a.json")))
        .isTrue();
  }

  @Test
  void aCrashBeforeThePositionsObjectIsRepairedByOverwritingTheSameObject() throws Exception {
    try (TestNode n = node(dying(sink("ndjson")))) {
      n.accept(e("1", "a"), e("2", "a"));
      assertThatThrownBy(() -> n.flush(null)).hasMessageContaining("died");
    }
    assertThat(PlainObjects.ids(objects()))
        .as("the object was written, its positions were not")
        .containsExactly("1", "2");
    try (TestNode n = node(sink("ndjson"))) {
      assertThat(n.replayed).isEqualTo(2);
      n.accept(e("3", "a")); // the repeated flush holds more than the first attempt did
      n.flush(null);
    }
    assertThat(objects()).hasSize(1);
    assertThat(PlainObjects.ids(objects())).containsExactly("1", "2", "3");
    try (TestNode n = node(sink("ndjson"))) {
      assertThat(n.replayed).as("the positions object emptied the log").isZero();
    }
  }

  @Test
  void aCrashAfterThePositionsObjectBeforeTheLogLearnsOfItWritesNothingTwice() throws Exception {
    try (TestNode n = node(sink("ndjson"))) {
      n.accept(e("1", "a"));
      n.accept(e("2", "b"));
      n.flusher = new Flusher(n.sink, 100, n.log, summary -> fail());
      assertThatThrownBy(() -> n.flush(null)).hasMessageContaining("died");
    }
    try (TestNode n = node(sink("ndjson"))) {
      assertThat(n.replayed).as("the log was never truncated").isEqualTo(2);
      n.accept(e("3", "a"));
      n.flush(null); // reconciles: 1 and 2 are written already
    }
    assertThat(objects()).hasSize(3);
    assertThat(PlainObjects.ids(objects())).containsExactly("1", "2", "3");
  }

  @Test
  void aPartialFlushThenACrashKeepsTheOtherPartitionsPending() throws Exception {
    try (TestNode n = node(sink("ndjson"))) {
      n.accept(e("a1", "a"));
      n.accept(e("b1", "b"));
      n.accept(e("a2", "a"));
      n.flush("a");
    }
    try (TestNode n = node(sink("ndjson"))) {
      n.flush(null);
    }
    assertThat(PlainObjects.ids(objects())).containsExactly("a1", "a2", "b1");
  }

  @Test
  void parquetObjectsHoldTheTablesColumnsAndReadBackWithIcebergsReader() throws Exception {
    try (TestNode n = node(sink("parquet"))) {
      n.accept(Fixtures.pageView("p1", HOUR), Fixtures.pageView("p2", HOUR));
      n.flush(null);
    }
    Map<String, byte[]> objects = objects();
    assertThat(objects.keySet()).allMatch(k -> k.endsWith(".parquet"));
    List<Record> rows = PlainObjects.rows(objects);
    assertThat(rows).extracting(r -> r.getField("id")).containsExactlyInAnyOrder("p1", "p2");
    assertThat(rows.get(0).getField("hour")).isEqualTo(10);
    assertThat(rows.get(0).getField("type")).isEqualTo(Fixtures.pageView("x", HOUR).type());
  }

  @Test
  void anotherProcessUnderTheSameNodeIdIsRefused() throws Exception {
    try (TestNode a = node(sink("ndjson"));
        TestNode b = new TestNode(dir.resolve("wal-b"), sink("ndjson"))) {
      a.flush(null);
      b.flush(null); // both read the positions while there were none
      a.accept(e("1", "a"));
      b.accept(e("2", "a"));
      a.flush(null);
      assertThatThrownBy(() -> b.flush(null)).hasMessageContaining("FLOE_NODE_ID");
      assertThat(b.buffered()).isEqualTo(1);
    }
    assertThat(PlainObjects.ids(objects())).containsExactly("1");
  }

  @Test
  void theEngineNamesThePositionsObjectAfterTheNodeIdItsLogKeeps() throws Exception {
    dev.floe.config.FloeSettings settings =
        TestTables.settings(
            dir.resolve("w"),
            "floe.wal.dir",
            dir.resolve("wal").toString(),
            "use.iceberg",
            "false");
    BufferEngine engine =
        new BufferEngine(
            settings,
            CatalogProducer.create(settings),
            new FloeStats(),
            Runnable::run,
            s -> {},
            false);
    engine.start();
    try {
      engine.intake().accept(List.of(e("1", "a")));
      assertThat(engine.flushAll().snapshotId()).isNull();
    } finally {
      engine.stop();
    }
    String node = Files.readString(dir.resolve("wal/node-id")).trim();
    assertThat(node).isNotEmpty();
    assertThat(dir.resolve("w/analytics/events/_floe/positions/" + node + ".json")).exists();
    assertThat(PlainObjects.ids(objects())).containsExactly("1");
  }

  private static void fail() {
    throw new IllegalStateException("the process died after the positions object");
  }

  /** A sink whose process dies after writing the objects, before their positions object. */
  private static FlushSink dying(ObjectSink real) {
    return new FlushSink() {
      @Override
      public Written write(List<Batch> batches, String commitId) {
        return real.write(batches, commitId);
      }

      @Override
      public Landed commit(
          Written w, String id, Map<String, String> summary, Consumer<Recorded> validate) {
        throw new IllegalStateException("the process died before the positions object");
      }

      @Override
      public boolean landed(String commitId) {
        return real.landed(commitId);
      }

      @Override
      public void discard(Written written) {} // the process is gone: nothing cleans up

      @Override
      public Recorded recorded() {
        return real.recorded();
      }
    };
  }
}
