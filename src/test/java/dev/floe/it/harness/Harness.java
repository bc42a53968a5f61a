package dev.floe.it.harness;

import dev.floe.it.fixtures.Processes;
import dev.floe.it.fixtures.RestCatalogFixture;
import dev.floe.it.fixtures.S3Proxy;
import dev.floe.testing.TestTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What one integration test class runs against, started before its first test and stopped after its
 * last: s3proxy with its buckets, the REST catalog fixture, Floe on Payara Micro. Each class gets a
 * folder of its own (warehouse, write-ahead log, Payara's runtime folder, s3proxy's objects, the
 * catalog's database), so its table and log hold only what it sent.
 *
 * <p>A test class declares it as a {@code @RegisterExtension static final} field:
 *
 * <pre>{@code
 * static final Harness harness =
 *     Harness.with().restCatalog("lake", TOKEN).floe(f -> f.env("FLOE_DEDUP_WINDOW", "10m")).build();
 *
 * harness.floe().http().accept("a-1", "some.type");
 * assertThat(TestTables.ids(harness.table())).contains("a-1");
 * }</pre>
 *
 * <p>Floe's table goes in the REST catalog when there is one, else in the first bucket given to
 * {@link Builder#s3}, else in a local warehouse folder.
 */
public final class Harness implements BeforeAllCallback, AfterAllCallback {
  /** Where Floe puts its table by default, in a warehouse folder or a bucket. */
  public static final String LOCATION = "analytics/events";

  private static final TableIdentifier EVENTS = TableIdentifier.of("analytics", "events");

  private final Builder settings;
  private String name;
  private Path dir;
  private S3Proxy s3;
  private RestCatalogFixture rest;
  private FloeServer floe;

  private Harness(Builder settings) {
    this.settings = settings;
  }

  /** A harness that starts nothing until told what. */
  public static Builder with() {
    return new Builder();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    name = context.getRequiredTestClass().getSimpleName();
    dir = Files.createTempDirectory("floe-it-" + name + "-");
    if (settings.s3) {
      s3 = S3Proxy.start(dir.resolve("s3"));
      settings.buckets.forEach(s3::createBucket);
    }
    if (settings.restToken != null) {
      rest =
          RestCatalogFixture.start(
              dir.resolve("rest"), s3, settings.restBucket, settings.restToken);
    }
    if (settings.floe != null) {
      FloeServer.Builder b = newFloe(name);
      settings.floe.accept(b);
      floe = b.build().start();
      if (settings.awaitReady) {
        floe.awaitReady(FloeServer.START_TIMEOUT);
      } else {
        floe.awaitDeployed(FloeServer.START_TIMEOUT);
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try (AutoCloseable deleteDir = this::deleteDir;
        S3Proxy s = s3;
        RestCatalogFixture r = rest;
        FloeServer f = floe) {
      // closed in reverse: Floe, then the catalog, then the store, then the folder goes
    } catch (Exception e) {
      throw new IllegalStateException("stopping the harness of " + name, e);
    }
  }

  private void deleteDir() {
    if (dir != null) {
      Processes.deleteTree(dir);
    }
  }

  /**
   * A Floe server wired to this harness's storage (see the class comment), not started; its output
   * goes to the build's it-logs folder as {@code <logName>.log}. Every server of a class shares one
   * runtime folder and one write-ahead log, as restarts of one node do: run them one at a time.
   */
  public FloeServer.Builder newFloe(String logName) {
    FloeServer.Builder b =
        FloeServer.builder(dir.resolve("payara")).logFile(FloeServer.logFor(logName));
    if (rest != null) {
      // the catalog's bucket keys are the storage fallback, as with R2 Data Catalog
      b.env("R2_CATALOG_ENDPOINT", rest.uri())
          .env("R2_CATALOG_AUTH_TOKEN", rest.token())
          .env("ICEBERG_WAREHOUSE", rest.warehouse());
      return storage(b, rest.bucket());
    }
    if (s3 != null && !settings.buckets.isEmpty()) {
      return storage(b, settings.buckets.get(0));
    }
    return b.property("floe.warehouse", warehouse());
  }

  /** Storage in the bucket on s3proxy, under the seed's variables. */
  private FloeServer.Builder storage(FloeServer.Builder b, String bucket) {
    return b.storage(s3, bucket, s3.secretKey());
  }

  /** The server started for the class; fails if the harness was built without {@code floe}. */
  public FloeServer floe() {
    return require(floe, "floe");
  }

  public S3Proxy s3() {
    return require(s3, "s3");
  }

  public RestCatalogFixture rest() {
    return require(rest, "restCatalog");
  }

  /** The class's own folder, deleted after its last test. */
  public Path dir() {
    return dir;
  }

  /** The local warehouse folder Floe writes to when there is neither catalog nor bucket. */
  public Path warehouse() {
    return dir.resolve("warehouse");
  }

  /** Floe's events table, read from where this harness has Floe put it. */
  public Table table() {
    if (rest != null) {
      return rest.catalog().loadTable(EVENTS);
    }
    if (s3 != null && !settings.buckets.isEmpty()) {
      return TestTables.load(s3.client(), settings.buckets.get(0), LOCATION);
    }
    return TestTables.load(warehouse().resolve(LOCATION));
  }

  /**
   * Reads the table every half second until it holds at least {@code count} rows of the type (or
   * the time is up), and returns their ids, once per row. A table not there yet counts as empty.
   */
  public List<String> awaitIds(String type, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> ids = List.of();
    while (System.nanoTime() < deadline) {
      try {
        ids = TestTables.ids(table(), type);
      } catch (NoSuchTableException e) {
        ids = List.of(); // Floe creates it with its first commit
      }
      if (ids.size() >= count) {
        break;
      }
      Processes.sleep(500);
    }
    return ids;
  }

  private static <T> T require(T started, String what) {
    if (started == null) {
      throw new IllegalStateException("this harness was built without " + what + "(...)");
    }
    return started;
  }

  /** What a {@link Harness} starts; every part is optional. */
  public static final class Builder {
    private boolean s3;
    private List<String> buckets = List.of();
    private String restBucket;
    private String restToken;
    private Consumer<FloeServer.Builder> floe;
    private boolean awaitReady = true;

    private Builder() {}

    /** s3proxy, with these buckets created. */
    public Builder s3(String... buckets) {
      this.s3 = true;
      this.buckets = List.of(buckets);
      return this;
    }

    /**
     * The REST catalog fixture on s3proxy, its warehouse in {@code bucket}, taking {@code token}.
     */
    public Builder restCatalog(String bucket, String token) {
      this.s3 = true;
      this.restBucket = bucket;
      this.restToken = token;
      return this;
    }

    /**
     * Floe, started before the first test and awaited until ready; {@code settings} adds to (or
     * overrides) the storage wiring of {@link Harness#newFloe}.
     */
    public Builder floe(Consumer<FloeServer.Builder> settings) {
      this.floe = settings;
      return this;
    }

    /**
     * For a Floe that starts unready (storage or catalog refusing it): await only its deployment.
     */
    public Builder awaitDeployedOnly() {
      this.awaitReady = false;
      return this;
    }

    public Harness build() {
      return new Harness(this);
    }
  }
}
