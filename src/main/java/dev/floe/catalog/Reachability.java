package dev.floe.catalog;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;

/**
 * Whether the catalog and the table's storage answer, as last seen by a check that runs in the
 * background. Health checks, metrics and the status page read {@link #catalog()} and {@link
 * #storage()}: cached values, so a probe never makes a storage request. {@link #probe()} starts one
 * check at a time; a check that takes longer than the timeout counts as an outage while it keeps
 * waiting.
 */
public final class Reachability {

  /** What the latest check said; UNKNOWN before the first answer. */
  public enum State {
    UNKNOWN,
    UP,
    DOWN
  }

  /** One dependency's state, why it is down, and since when (epoch ms) it is in that state. */
  public record Link(State state, String reason, long sinceMillis) {
    static final Link UNKNOWN = new Link(State.UNKNOWN, "not checked yet", 0);

    /** 1 up, 0 down, NaN before the first answer: no alert fires on a node that just started. */
    public double gauge() {
      return state == State.UP ? 1 : state == State.DOWN ? 0 : Double.NaN;
    }

    Link next(String failure, long now) {
      State s = failure == null ? State.UP : State.DOWN;
      return s == state ? new Link(s, failure, sinceMillis) : new Link(s, failure, now);
    }
  }

  private final CatalogStrategy catalog;
  private final Executor executor;
  private final LongSupplier clock;
  private final long timeoutMs;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile long runningSince;
  private volatile Link catalogLink = Link.UNKNOWN;
  private volatile Link storageLink = Link.UNKNOWN;

  /**
   * @param executor where checks run, off the caller's thread
   * @param timeoutMs how long a check may take before both count as down
   */
  public Reachability(
      CatalogStrategy catalog, Executor executor, LongSupplier clock, long timeoutMs) {
    this.catalog = catalog;
    this.executor = executor;
    this.clock = clock;
    this.timeoutMs = timeoutMs;
  }

  public Link catalog() {
    return catalogLink;
  }

  public Link storage() {
    return storageLink;
  }

  /** Starts a check unless one runs; a running one past its timeout marks both down. */
  public void probe() {
    long now = clock.getAsLong();
    if (!running.compareAndSet(false, true)) {
      if (now - runningSince > timeoutMs) {
        String late = "no answer within " + timeoutMs / 1000 + " s";
        catalogLink = catalogLink.next(late, now);
        storageLink = storageLink.next(late, now);
      }
      return;
    }
    runningSince = now;
    try {
      executor.execute(this::check);
    } catch (RejectedExecutionException e) {
      running.set(false); // the server is stopping: nothing to report
    }
  }

  /** One check of both, on the caller's thread. */
  void check() {
    try {
      String catalogFailure = attempt(catalog::check);
      catalogLink = catalogLink.next(catalogFailure, clock.getAsLong());
      String storageFailure = attempt(this::readCurrentMetadata);
      storageLink = storageLink.next(storageFailure, clock.getAsLong());
    } finally {
      running.set(false);
    }
  }

  /**
   * Asks the table's storage, through the table's own FileIO (so with the catalog's vended
   * credentials), whether the current metadata file exists: one HEAD of an object that is there, so
   * a store that hides missing keys behind 403 cannot fake an outage.
   */
  private void readCurrentMetadata() {
    if (!catalog.hasTable()) {
      return; // USE_ICEBERG=false: catalog.check() above asked the objects' storage itself
    }
    Table t = catalog.table();
    TableMetadata current = ((HasTableOperations) t).operations().current();
    String location =
        current == null || current.metadataFileLocation() == null
            ? t.location() + "/metadata/version-hint.text"
            : current.metadataFileLocation();
    t.io().newInputFile(location).exists();
  }

  private static String attempt(Runnable check) {
    try {
      check.run();
      return null;
    } catch (RuntimeException | LinkageError e) {
      return Failures.reason(e);
    }
  }
}
