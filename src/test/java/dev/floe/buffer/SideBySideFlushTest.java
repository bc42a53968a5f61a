package dev.floe.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.StoredObject;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables of one pass commit side by side on real local tables: while app.users' flush hangs (its
 * events out of their buffers) and then fails, web.pageviews commits and truncates the log, and the
 * truncation must not pass the hanging table's events; no thread stays behind the engine.
 */
class SideBySideFlushTest {
  private static final Instant HOUR = Instant.parse("2024-05-01T10:15:00Z");
  private static final String ROUTES = "page.*=web.pageviews; user.*=app.users; *=analytics.events";

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final Set<String> gated = ConcurrentHashMap.newKeySet();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void closeAll() throws Exception {
    release.countDown();
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private BufferEngine start() {
    FloeSettings settings =
        TestTables.settings(
            dir.resolve("w"),
            "floe.wal.dir",
            dir.resolve("wal").toString(),
            "floe.node.id",
            "node-a",
            "floe.routes",
            ROUTES);
    CatalogStrategy catalog = CatalogProducer.create(settings);
    open.add(catalog::close);
    BufferEngine engine =
        new BufferEngine(
            settings, new Gate(catalog), new FloeStats(), Runnable::run, s -> {}, false);
    engine.start();
    return engine;
  }

  @Test
  void aTableCommittingBesideAHangingOneDoesNotTruncateTheOthersEvents() throws Exception {
    BufferEngine engine = start();
    engine.intake().accept(List.of(Fixtures.event("u0", "user.login", HOUR)));
    engine.intake().accept(List.of(Fixtures.event("p0", "page.view", HOUR)));
    engine.flushAll(); // both tables checked against the log: the gate below stops a write
    List<EventRecord> users = List.of(Fixtures.event("u1", "user.login", HOUR));
    long u1 = engine.intake().accept(users);
    List<EventRecord> pages = List.of(Fixtures.event("p1", "page.view", HOUR));
    CompletableFuture<Void> pageLanded =
        engine.commitWaits().await(engine.intake().accept(pages), pages);
    gated.add("users");

    CompletableFuture<FlushReport> pass = CompletableFuture.supplyAsync(engine::flushAll);
    assertThat(entered.await(30, TimeUnit.SECONDS)).as("app.users' flush hangs").isTrue();
    pageLanded.get(30, TimeUnit.SECONDS); // web.pageviews committed, and truncated the log after
    assertThat(ids("web/pageviews")).containsExactly("p0", "p1");
    assertThat(pass).as("the pass waits for app.users").isNotDone();
    assertThat(checkpoint()).as("u1 is in flight, not committed").isLessThan(u1);

    release.countDown(); // app.users' write fails: u1 goes back to its buffer
    assertThatThrownBy(() -> pass.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(Exception.class);
    assertThat(checkpoint()).isLessThan(u1);
    assertThat(engine.report().pendingEvents()).isEqualTo(1);

    crash(engine); // the process dies with u1 only in the log
    gated.clear();
    BufferEngine again = start();
    again.flushAll();
    assertThat(ids("app/users")).containsExactly("u0", "u1");
    assertThat(ids("web/pageviews")).containsExactly("p0", "p1");
    again.stop();
  }

  @Test
  void stopLeavesNoFlushThreadBehind() throws Exception {
    List<Thread> before = flushThreads();
    BufferEngine engine = start();
    for (String type : List.of("page.view", "user.login", "order")) {
      engine.intake().accept(List.of(Fixtures.event(type, type, HOUR)));
    }
    engine.flushAll(); // three tables: two of them on the pool
    List<Thread> mine = new ArrayList<>(flushThreads());
    mine.removeAll(before); // other tests' engines, crashed without a stop, may leave theirs
    assertThat(mine).isNotEmpty();
    engine.stop();
    assertThat(mine).noneMatch(Thread::isAlive);
  }

  private static List<Thread> flushThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith("floe-flush-"))
        .toList();
  }

  private List<String> ids(String location) {
    Table t = TestTables.load(dir.resolve("w").resolve(location));
    return TestTables.ids(t).stream().sorted().toList();
  }

  private long checkpoint() throws Exception {
    Path f = dir.resolve("wal/committed");
    return Files.exists(f) ? Long.parseLong(Files.readString(f).trim()) : 0;
  }

  private static void crash(BufferEngine engine) throws Exception {
    java.lang.reflect.Field f = BufferEngine.class.getDeclaredField("wal");
    f.setAccessible(true);
    ((WriteAheadLog) f.get(engine)).close();
  }

  /** The real catalog; a gated table's load hangs until released, then fails. */
  private final class Gate implements CatalogStrategy {
    private final CatalogStrategy real;
    private final String name;

    Gate(CatalogStrategy real) {
      this(real, null);
    }

    private Gate(CatalogStrategy real, String name) {
      this.real = real;
      this.name = name;
    }

    @Override
    public CatalogStrategy forTable(FloeSettings.Table table) {
      return new Gate(real.forTable(table), table.name());
    }

    @Override
    public Table table() {
      if (name != null && gated.contains(name)) {
        entered.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("app.users cannot be reached");
      }
      return real.table();
    }

    @Override
    public String kind() {
      return real.kind();
    }

    @Override
    public void open() {
      real.open();
    }

    @Override
    public boolean hasTable() {
      return real.hasTable();
    }

    @Override
    public void check() {
      real.check();
    }

    @Override
    public List<StoredObject> list(String after, int limit) {
      return real.list(after, limit);
    }

    @Override
    public Optional<String> commitRefusal() {
      return real.commitRefusal();
    }

    @Override
    public List<String> listTables() {
      return real.listTables();
    }

    @Override
    public boolean canDropTables() {
      return real.canDropTables();
    }

    @Override
    public boolean dropTable(String table, boolean purge) {
      return real.dropTable(table, purge);
    }

    @Override
    public void close() {
      real.close();
    }
  }
}
