package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.testing.TestTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReachabilityTest {
  @TempDir Path warehouse;

  private final AtomicLong now = new AtomicLong(1_000);
  private final List<Runnable> queued = new ArrayList<>();

  /** The direct catalog on a temp folder, counting its calls, with a switch for an outage. */
  final class Counting implements CatalogStrategy {
    final CatalogStrategy real = CatalogProducer.create(TestTables.settings(warehouse));
    final AtomicInteger checks = new AtomicInteger();
    final AtomicInteger tables = new AtomicInteger();
    volatile String catalogDown;
    volatile String storageDown;

    @Override
    public String kind() {
      return real.kind();
    }

    @Override
    public Table table() {
      tables.incrementAndGet();
      if (storageDown != null) {
        throw new CatalogUnavailableException(storageDown, null);
      }
      return real.table();
    }

    @Override
    public void check() {
      checks.incrementAndGet();
      if (catalogDown != null) {
        throw new CatalogUnavailableException(catalogDown, null);
      }
      real.check();
    }

    @Override
    public List<StoredObject> list(String after, int limit) {
      return List.of();
    }

    @Override
    public List<String> listTables() {
      return List.of();
    }

    @Override
    public boolean canDropTables() {
      return false;
    }

    @Override
    public boolean dropTable(String name, boolean purge) {
      return false;
    }
  }

  private Reachability reachability(Counting catalog) {
    return new Reachability(catalog, queued::add, now::get, 10_000);
  }

  private void runQueued() {
    List<Runnable> run = new ArrayList<>(queued);
    queued.clear();
    run.forEach(Runnable::run);
  }

  @Test
  void unknownUntilTheFirstCheckAnswersThenUpForAReachableTable() {
    Counting catalog = new Counting();
    Reachability r = reachability(catalog);
    assertThat(r.storage().state()).isEqualTo(Reachability.State.UNKNOWN);
    assertThat(r.storage().gauge()).isNaN();

    r.probe();
    assertThat(catalog.checks).as("the check runs on the executor, not the caller").hasValue(0);
    runQueued();

    assertThat(r.catalog().state()).isEqualTo(Reachability.State.UP);
    assertThat(r.storage().state()).isEqualTo(Reachability.State.UP);
    assertThat(r.storage().gauge()).isEqualTo(1.0);
    assertThat(r.storage().sinceMillis()).isEqualTo(1_000);
  }

  @Test
  void readingTheStateMakesNoRequestOnlyProbesDo() {
    Counting catalog = new Counting();
    Reachability r = reachability(catalog);
    r.probe();
    runQueued();
    int checks = catalog.checks.get();
    int tables = catalog.tables.get();

    for (int i = 0; i < 1_000; i++) {
      r.storage();
      r.catalog();
    }

    assertThat(catalog.checks).hasValue(checks);
    assertThat(catalog.tables).hasValue(tables);
  }

  @Test
  void anOutageIsDownWithItsReasonAndSinceWhenAndUpAgainOnceItEnds() {
    Counting catalog = new Counting();
    Reachability r = reachability(catalog);
    r.probe();
    runQueued();

    catalog.storageDown = "connection refused: http://127.0.0.1:9";
    now.set(5_000);
    r.probe();
    runQueued();
    now.set(10_000);
    r.probe();
    runQueued();

    assertThat(r.storage().state()).isEqualTo(Reachability.State.DOWN);
    assertThat(r.storage().reason()).contains("connection refused");
    assertThat(r.storage().sinceMillis()).as("since the first failed check").isEqualTo(5_000);
    assertThat(r.storage().gauge()).isZero();
    assertThat(r.catalog().state()).isEqualTo(Reachability.State.UP);

    catalog.storageDown = null;
    catalog.catalogDown = "the catalog rejected the token (401)";
    now.set(15_000);
    r.probe();
    runQueued();
    assertThat(r.storage().state()).isEqualTo(Reachability.State.UP);
    assertThat(r.storage().sinceMillis()).isEqualTo(15_000);
    assertThat(r.catalog().state()).isEqualTo(Reachability.State.DOWN);
    assertThat(r.catalog().reason()).contains("401");
  }

  @Test
  void oneCheckAtATimeAndACheckPastItsTimeoutCountsAsDown() {
    Counting catalog = new Counting();
    Reachability r = reachability(catalog);
    r.probe();
    r.probe();
    assertThat(queued).as("a second probe while one runs starts nothing").hasSize(1);

    now.addAndGet(10_001);
    r.probe();
    assertThat(queued).hasSize(1);
    assertThat(r.storage().state()).isEqualTo(Reachability.State.DOWN);
    assertThat(r.catalog().reason()).isEqualTo("no answer within 10 s");

    runQueued(); // the slow answer comes at last
    assertThat(r.storage().state()).isEqualTo(Reachability.State.UP);
    r.probe();
    assertThat(queued).as("the next probe starts a check again").hasSize(1);
  }

  @Test
  void aRefusingExecutorLeavesTheStateAndLetsTheNextProbeTry() {
    Counting catalog = new Counting();
    Reachability r =
        new Reachability(
            catalog,
            task -> {
              throw new java.util.concurrent.RejectedExecutionException("stopping");
            },
            now::get,
            10_000);
    r.probe();
    r.probe();
    assertThat(r.storage().state()).isEqualTo(Reachability.State.UNKNOWN);
    assertThat(catalog.checks).hasValue(0);
  }
}
