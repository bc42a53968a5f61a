package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.config.DeadLetterSettings;
import dev.floe.config.FloeSettings;
import dev.floe.deadletter.DeadLetter;
import dev.floe.deadletter.DeadLetterLane;
import dev.floe.deadletter.Reason;
import dev.floe.event.EventRecord;
import dev.floe.metrics.FloeStats;
import dev.floe.testing.Fixtures;
import dev.floe.testing.TestTables;
import dev.floe.wal.WriteAheadLog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter table as one more table of the buffers, on real local tables: marked events land
 * there and nowhere else, survive a crash through the log exactly once, and a full partition's
 * overflow goes there when the operator prefers keeping to refusing.
 */
class DeadLetterEngineTest {
  private static final Instant HOUR = Instant.parse("2024-05-01T10:15:00Z");

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private BufferEngine start(String... more) {
    List<String> kv =
        new ArrayList<>(
            List.of(
                "floe.wal.dir", dir.resolve("wal").toString(),
                "floe.node.id", "node-a",
                "floe.routes", "page.*=web.pageviews; *=analytics.events",
                "floe.dead.letter", "true"));
    kv.addAll(List.of(more));
    FloeSettings settings = TestTables.settings(dir.resolve("w"), kv.toArray(new String[0]));
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.size(); i += 2) {
      m.put(kv.get(i), kv.get(i + 1));
    }
    DeadLetterSettings dl = DeadLetterSettings.from(k -> Optional.ofNullable(m.get(k)));
    CatalogStrategy catalog = CatalogProducer.create(settings);
    open.add(catalog::close);
    BufferEngine engine =
        new BufferEngine(settings, catalog, new FloeStats(), Runnable::run, s -> {}, false);
    engine.lanes.deadLetters(new DeadLetterLane(dl));
    engine.start();
    return engine;
  }

  private static void crash(BufferEngine engine) throws Exception {
    java.lang.reflect.Field f = BufferEngine.class.getDeclaredField("wal");
    f.setAccessible(true);
    ((WriteAheadLog) f.get(engine)).close();
  }

  private static EventRecord click(String id) {
    return Fixtures.event(id, "click", HOUR);
  }

  private static EventRecord marked(String id, String type) {
    return DeadLetter.mark(
        Fixtures.event(id, type, HOUR), Reason.VALUE_DOES_NOT_FIT, "web.pageviews", "no fit", HOUR);
  }

  private List<Record> deadLetters() {
    return TestTables.rows(TestTables.load(dir.resolve("w/analytics/dead_letter")));
  }

  private List<String> ids(String location) {
    return TestTables.ids(TestTables.load(dir.resolve("w").resolve(location))).stream()
        .sorted()
        .toList();
  }

  @Test
  void aMarkedEventLandsInTheDeadLetterTableOnlyAndOnceAfterACrash() throws Exception {
    BufferEngine engine = start();
    engine
        .intake()
        .accept(List.of(Fixtures.event("p1", "page.view", HOUR), marked("p2", "page.view")));
    crash(engine); // accepted, logged, never flushed

    BufferEngine next = start();
    next.flushAll();
    assertThat(ids("web/pageviews")).containsExactly("p1");
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getField("id")).isEqualTo("p2");
              assertThat(r.getField("reason")).isEqualTo("value-does-not-fit");
              assertThat(r.getField("intended_table")).isEqualTo("web.pageviews");
              assertThat(r.getField("node")).isEqualTo("node-a");
            });
    next.stop();
    BufferEngine third = start(); // nothing left in the log to land again
    third.flushAll();
    assertThat(deadLetters()).hasSize(1);
    assertThat(ids("web/pageviews")).containsExactly("p1");
    third.stop();
  }

  @Test
  void aFullPartitionsOverflowIsKeptWhenTheOperatorSaysSo() throws Exception {
    // one request over a partition's cap is refused whatever the flushes do: 507 by default
    String[] small = {"iceberg.max.buffer.size", "3", "iceberg.buffer.size", "3"};
    List<EventRecord> four = List.of(click("a"), click("b"), click("c"), click("d"));
    BufferEngine refusing = start(small);
    assertThatThrownBy(() -> refusing.intake().accept(four))
        .isInstanceOf(BufferRefusedException.class);
    refusing.stop();

    BufferEngine keeping =
        start(small[0], small[1], small[2], small[3], "floe.partition.full", "dead-letter");
    List<EventRecord> request = new ArrayList<>(four);
    request.add(Fixtures.event("h", "other", HOUR));
    keeping.intake().accept(request);
    keeping.flushAll();
    assertThat(ids("analytics/events")).containsExactly("h");
    assertThat(deadLetters())
        .hasSize(4)
        .allSatisfy(
            r -> {
              assertThat(r.getField("reason")).isEqualTo("partition-full");
              assertThat(r.getField("intended_table")).isEqualTo("analytics.events");
              assertThat((String) r.getField("detail")).contains("click/2024-05-01-10");
            })
        .extracting(r -> r.getField("id"))
        .containsExactlyInAnyOrder("a", "b", "c", "d");
    keeping.stop();
  }
}
