package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.config.FloeSettings;
import dev.floe.event.EventRecord;
import dev.floe.metrics.FloeStats;
import dev.floe.testing.Fixtures;
import dev.floe.testing.TestTables;
import dev.floe.wal.WriteAheadLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing on real local tables: the engine as the application builds it, flushes on the caller's
 * thread, several tables in one warehouse and one write-ahead log. A "crash" closes the log as a
 * killed process leaves it: no final flush.
 */
class RoutedEngineTest {
  private static final Instant HOUR = Instant.parse("2024-05-01T10:15:00Z");
  private static final String ROUTES =
      "page.*=web.pageviews{size=1000}; user.*=app.users; cart.*=shop.carts; *=analytics.events";

  @TempDir Path dir;
  private final List<Map<String, String>> commits = new ArrayList<>();
  private final List<AutoCloseable> open = new ArrayList<>();
  private CommitObserver observer = commits::add;

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private BufferEngine start(String routes) {
    return start(routes, SideBySide.PARALLEL);
  }

  private BufferEngine start(String routes, int parallel) {
    FloeSettings settings =
        TestTables.settings(
            dir.resolve("w"),
            "floe.wal.dir",
            dir.resolve("wal").toString(),
            "floe.node.id",
            "node-a",
            "floe.routes",
            routes);
    CatalogStrategy catalog = CatalogProducer.create(settings);
    open.add(catalog::close);
    BufferEngine engine =
        new BufferEngine(
            settings, catalog, new FloeStats(), Runnable::run, observer, false, parallel);
    engine.start();
    return engine;
  }

  /** The process dies: its log is closed as the OS closes a killed process's files. */
  private static void crash(BufferEngine engine) throws Exception {
    java.lang.reflect.Field f = BufferEngine.class.getDeclaredField("wal");
    f.setAccessible(true);
    ((WriteAheadLog) f.get(engine)).close();
  }

  private static EventRecord e(String id, String type) {
    return Fixtures.event(id, type, HOUR);
  }

  private Table table(String location) {
    return TestTables.load(dir.resolve("w").resolve(location));
  }

  private List<String> ids(String location) {
    return TestTables.ids(table(location)).stream().sorted().toList();
  }

  private void send(BufferEngine engine) throws Exception {
    engine.intake().accept(List.of(e("p1", "page.view"), e("u1", "user.login"), e("o1", "order")));
    engine.intake().accept(List.of(e("p2", "page.click")));
    engine.intake().accept(List.of(e("c1", "cart.add"), e("u2", "user.logout")));
  }

  @Test
  void eachTableGetsItsOwnEventsInOneCommitPerTableTouched() throws Exception {
    BufferEngine engine = start(ROUTES);
    send(engine);
    engine.flushAll();
    assertThat(commits).as("one commit per table touched").hasSize(4);
    assertThat(ids("web/pageviews")).containsExactly("p1", "p2");
    assertThat(ids("app/users")).containsExactly("u1", "u2");
    assertThat(ids("shop/carts")).containsExactly("c1");
    assertThat(ids("analytics/events")).containsExactly("o1");
    assertThat(TestTables.snapshots(table("web/pageviews"))).hasSize(1);
    // each table records this node's positions for its own events only
    CommittedPositions carts = CommittedPositions.inTable("node-a", table("shop/carts"));
    assertThat(carts.watermark()).isEqualTo(3);
    CommittedPositions users = CommittedPositions.inTable("node-a", table("app/users"));
    assertThat(users.watermark()).isEqualTo(3);
    engine.stop();
  }

  @Test
  void aCrashAfterOneTableCommittedAndBeforeTheNextLandsEachTableExactlyOnce() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    observer =
        summary -> {
          if (seen.incrementAndGet() == 2) {
            throw new Error("the process died after the second table's commit");
          }
        };
    BufferEngine engine = start(ROUTES, 1); // one table at a time: the crash falls between two
    send(engine);
    assertThatThrownBy(engine::flushAll).hasMessageContaining("died");
    crash(engine);
    int landedBefore =
        (int)
            List.of("web/pageviews", "app/users", "shop/carts", "analytics/events").stream()
                .filter(l -> Files.exists(dir.resolve("w").resolve(l).resolve("data")))
                .count();
    assertThat(landedBefore).as("two tables committed, two did not").isEqualTo(2);

    observer = commits::add;
    BufferEngine again = start(ROUTES);
    again.flushAll();
    assertThat(ids("web/pageviews")).containsExactly("p1", "p2");
    assertThat(ids("app/users")).containsExactly("u1", "u2");
    assertThat(ids("shop/carts")).containsExactly("c1");
    assertThat(ids("analytics/events")).containsExactly("o1");
    assertThat(commits).as("only the two tables that had not landed commit").hasSize(2);
    again.stop();
  }

  @Test
  void anIdleTableAndANeverUsedOneDoNotHoldTheLogBack() throws Exception {
    BufferEngine engine = start(ROUTES);
    engine.intake().accept(List.of(e("u1", "user.login")));
    engine.flushAll(); // app.users commits once at position 1, then stays idle
    for (int i = 0; i < 5; i++) {
      engine.intake().accept(List.of(e("p" + i, "page.view")));
      engine.flushAll();
    }
    assertThat(checkpoint()).as("every record is committed in its table").isEqualTo(6);
    assertThat(CommittedPositions.inTable("node-a", table("app/users")).watermark()).isEqualTo(1);
    crash(engine);
    BufferEngine again = start(ROUTES);
    assertThat(again.report().pendingEvents()).as("nothing to replay").isZero();
    again.stop();
  }

  @Test
  void aFailingTableBacksOffAloneAndHoldsTheLogOnlyAtItsOwnEvents() throws Exception {
    BufferEngine engine = start(ROUTES);
    Path users = dir.resolve("w/app/users/data");
    Files.createDirectories(users.getParent());
    Files.writeString(users, "not a folder: writes of app.users fail");
    engine.intake().accept(List.of(e("p1", "page.view")));
    engine.intake().accept(List.of(e("u1", "user.login")));
    engine.intake().accept(List.of(e("p2", "page.view")));
    assertThatThrownBy(engine::flushAll).isInstanceOf(FlushFailedException.class);
    assertThat(ids("web/pageviews")).containsExactly("p1", "p2");
    assertThat(checkpoint()).as("u1 at position 2 is not committed").isEqualTo(1);
    Files.delete(users);
    engine.flushAll();
    assertThat(ids("app/users")).containsExactly("u1");
    assertThat(checkpoint()).isEqualTo(3);
    engine.stop();
  }

  @Test
  void aRouteChangeAcrossARestartKeepsLoggedEventsInTheTableTheyWereLoggedFor() throws Exception {
    BufferEngine engine = start(ROUTES);
    send(engine);
    crash(engine);
    // page.* now goes elsewhere and users have no route: the log still knows where each went
    BufferEngine again = start("page.*=web.clicks; *=analytics.events");
    again.intake().accept(List.of(e("p3", "page.view")));
    again.flushAll();
    assertThat(ids("web/pageviews")).containsExactly("p1", "p2");
    assertThat(ids("app/users")).containsExactly("u1", "u2");
    assertThat(ids("shop/carts")).containsExactly("c1");
    assertThat(ids("analytics/events")).containsExactly("o1");
    assertThat(ids("web/clicks")).containsExactly("p3");
    again.stop();
  }

  @Test
  void eventsLoggedBeforeRoutesExistedStayInTheConfiguredTable() throws Exception {
    BufferEngine engine = start("");
    engine.intake().accept(List.of(e("p1", "page.view"), e("u1", "user.login")));
    crash(engine);
    BufferEngine again = start(ROUTES);
    again.flushAll();
    assertThat(ids("analytics/events")).containsExactly("p1", "u1");
    assertThat(Files.exists(dir.resolve("w/web/pageviews/data"))).isFalse();
    again.stop();
  }

  @Test
  void withoutACatchAllAnUnroutedTypeIsRefusedBeforeTheLog() {
    BufferEngine engine = start("page.*=web.pageviews");
    assertThatThrownBy(() -> engine.intake().accept(List.of(e("x", "order"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("order");
    engine.stop();
  }

  @Test
  void aCommitAckWaitsUntilEveryTableOfItsEventsLanded() throws Exception {
    BufferEngine engine = start(ROUTES);
    List<EventRecord> events = List.of(e("p1", "page.view"), e("u1", "user.login"));
    java.util.concurrent.CompletableFuture<Void> done =
        engine.commitWaits().await(engine.intake().accept(events), events);
    engine.flushNow(k -> k.type().equals("page.view"));
    assertThat(done).as("app.users has not landed yet").isNotDone();
    engine.flushNow(k -> k.type().equals("user.login"));
    assertThat(done).isCompleted();
    engine.stop();
  }

  private long checkpoint() throws Exception {
    return Long.parseLong(Files.readString(dir.resolve("wal/committed")).trim());
  }
}
