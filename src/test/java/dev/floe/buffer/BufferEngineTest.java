package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.buffer.BufferRefusedException.Reason;
import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.config.FloeSettings;
import dev.floe.event.EventRecord;
import dev.floe.metrics.FloeStats;
import dev.floe.testing.Fixtures;
import dev.floe.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine built as the EJB builds it, minus the container: flushes run on the caller's thread,
 * and the table and log live in a temporary folder.
 */
class BufferEngineTest {
  private static final Instant HOUR = Instant.parse("2024-05-01T10:15:00Z");

  @TempDir Path dir;
  private final List<Map<String, String>> commits = new ArrayList<>();

  private BufferEngine engine(CatalogStrategy catalog) {
    FloeSettings settings =
        TestTables.settings(
            dir.resolve("w"),
            "floe.wal.dir",
            dir.resolve("wal").toString(),
            "iceberg.buffer.size",
            "2",
            "floe.node.id",
            "node-a");
    return new BufferEngine(settings, catalog, new FloeStats(), Runnable::run, commits::add, false);
  }

  private static EventRecord e(String id, String type) {
    return Fixtures.event(id, type, HOUR);
  }

  private List<String> ids() {
    return TestTables.rows(TestTables.load(dir.resolve("w/analytics/events"))).stream()
        .map(r -> (String) r.getField("id"))
        .sorted()
        .toList();
  }

  @Test
  void flushesDueBuffersOnTheTickAndTheRestAtStopThenRefuses() throws Exception {
    CatalogStrategy catalog = CatalogProducer.create(TestTables.settings(dir.resolve("w")));
    BufferEngine engine = engine(catalog);
    engine.start();
    assertThat(engine.replayPending()).as("the empty log was checked at start").isNull();

    engine.intake().accept(List.of(e("a1", "a"), e("a2", "a"))); // a is due: its buffer size
    engine.intake().accept(List.of(e("b1", "b")));
    assertThat(ids()).as("the full buffer flushed at once").containsExactly("a1", "a2");
    engine.tick();
    assertThat(engine.report().status("b"))
        .singleElement()
        .satisfies(p -> assertThat(p.bufferedCount()).isEqualTo(1));

    engine.stop();
    assertThat(ids()).containsExactly("a1", "a2", "b1");
    assertThat(commits).as("the observer saw each commit").hasSize(2);
    assertThat(engine.report().pendingEvents()).isZero();
    assertThat(engine.report().recentFlushes()).hasSize(2);
    assertThatThrownBy(() -> engine.intake().accept(List.of(e("c1", "c"))))
        .isInstanceOfSatisfying(
            BufferRefusedException.class, r -> assertThat(r.reason()).isEqualTo(Reason.STOPPING));
    engine.stop(); // a second stop does nothing
    catalog.close();
  }

  @Test
  void aRestartedEngineReplaysItsLogAndCommitsNothingTwice() throws Exception {
    CatalogStrategy catalog = CatalogProducer.create(TestTables.settings(dir.resolve("w")));
    BufferEngine first = engine(catalog);
    first.start();
    first.intake().accept(List.of(e("a1", "a"), e("a2", "a"))); // committed at once
    Path typeB = dir.resolve("w/analytics/events/data/type=b");
    Files.writeString(typeB, "not a folder"); // b's Parquet file cannot be written
    first.intake().accept(List.of(e("b1", "b")));
    first.stop(); // the final flush fails: b1 stays in the log only
    assertThat(ids()).containsExactly("a1", "a2");
    Files.delete(typeB);

    BufferEngine again = engine(catalog);
    again.start();
    assertThat(again.replayPending()).isNull();
    assertThat(again.report().pendingEvents())
        .as("b1 is back, a1 and a2 were dropped")
        .isEqualTo(1);
    assertThat(again.flushAll().rows()).isEqualTo(1);
    assertThat(ids()).containsExactly("a1", "a2", "b1");
    again.stop();
    catalog.close();
  }
}
