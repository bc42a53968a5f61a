package dev.floe.buffer;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.config.FloeSettings;
import dev.floe.config.IngestLimits;
import dev.floe.deadletter.DeadLetters;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import dev.floe.metrics.FloeStats;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The application's buffers: starts a {@link BufferEngine} at deployment (after the start-up
 * rehearsal), ticks it every second, stops it at undeploy. The other methods hand the engine's and
 * its {@link BufferReport}'s answers to the resources and checks.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // no JTA work here; skip its cost
public class PartitionBuffers {
  @Inject FloeSettings settings;
  @Inject CatalogStrategy catalog;
  @Inject FloeStats stats;
  @Inject DeadLetters deadLetters;
  @Inject IngestLimits limits;
  @Resource ManagedExecutorService executor;
  private BufferEngine engine;
  private volatile boolean stopping;
  private volatile long replayed;

  @PostConstruct
  void start() {
    Warmup.run(
        settings
            .objects()); // loads every class the final flush needs, while the class loader is open
    catalog.warmUp();
    engine = new BufferEngine(settings, catalog, stats, executor, CommitObserver.installed(), true);
    engine.lanes.deadLetters(deadLetters.lane()); // before start: one more table
    int flushWithin = (int) Math.min(300, Math.max(1, settings.buffers().timeoutMs() / 1000));
    engine.cap(new OpenCaps(limits.maxOpenPartitions(), limits.maxEventTypes(), flushWithin));
    engine.start();
    replayed = engine.report().pendingEvents(); // nothing was accepted yet: all came from the log
  }

  @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
  void tick() {
    engine.tick();
  }

  /** Flushes, closes the log and stops threads; {@link ShutdownFlush} calls it first. */
  @PreDestroy
  public void stop() {
    stopping = true;
    if (engine != null) { // null when the start-up failed
      engine.stop();
    }
  }

  public Intake intake() {
    return engine.intake();
  }

  public FlushReport flushType(String type) {
    return engine.flushNow(k -> k.type().equals(type));
  }

  /**
   * Completes once all {@code events}, logged at {@code position}, are in a committed snapshot
   * ({@code FLOE_ACK=commit}); exceptionally when the buffers stop first.
   */
  public CompletableFuture<Void> committed(long position, List<EventRecord> events) {
    return engine.commitWaits().await(position, events);
  }

  public FlushReport flushAll() {
    return engine.flushAll();
  }

  /** What a corrupt log segment cost on start, or null. */
  public String walDamage() {
    return engine.walDamage();
  }

  /** True from the moment the application stops: new events are refused from then on. */
  public boolean stopping() {
    return stopping;
  }

  /** Events the write-ahead log put back into the buffers at start. */
  public long replayedEvents() {
    return replayed;
  }

  /** Null when the log is reconciled with the table, else why not yet (or why it cannot write). */
  public String replayPending() {
    return engine.replayPending();
  }

  /** Null while commits may go ahead, else why they are refused until an operator acts. */
  public String commitBlocked() {
    return engine == null ? null : engine.commitBlocked();
  }

  public long lastTickMillis() {
    return engine.lastTickMillis();
  }

  public long flushRunningSinceMillis() {
    return engine.flushRunningSinceMillis();
  }

  public long pendingEvents() {
    return engine.report().pendingEvents();
  }

  public double budgetUsed() {
    return engine.report().budgetUsed();
  }

  public double ingestRate() {
    return engine.report().ingestRate();
  }

  public List<PartitionStatus> status(String type) {
    return engine.report().status(type);
  }

  public List<PartitionStatus> allPartitions() {
    return engine.report().allPartitions();
  }

  /**
   * The buffered events of the chosen partitions with a pin of the table taken in the same moment
   * ({@link BufferedEvents}); null when a running flush held on longer than {@code waitMs}.
   */
  public <T> BufferedEvents<T> buffered(Predicate<PartitionKey> which, Supplier<T> pin, long waitMs)
      throws InterruptedException {
    return BufferedEvents.take(engine, which, pin, waitMs);
  }

  public List<BufferReport.FlushSummary> recentFlushes() {
    return engine.report().recentFlushes();
  }
}
