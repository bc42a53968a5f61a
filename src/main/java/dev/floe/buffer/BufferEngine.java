package dev.floe.buffer;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.Failures;
import dev.floe.config.FloeSettings;
import dev.floe.config.RoutedTable;
import dev.floe.event.PartitionKey;
import dev.floe.metrics.FloeStats;
import dev.floe.wal.WriteAheadLog;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The buffers at work: opens and replays the write-ahead log, takes events through its {@link
 * Intake}, flushes on each {@link #tick()} what is due (one flush at a time, on the given
 * executor), on demand and at {@link #stop()}. A plain object: {@link PartitionBuffers} runs one
 * for the application, {@link Warmup} one on a throwaway table, tests their own.
 */
final class BufferEngine {
  private static final Logger LOG = Logger.getLogger(BufferEngine.class.getName());
  private final FloeSettings settings;
  private final CatalogStrategy catalog;
  private final FloeStats stats;
  private final Executor flushExecutor;
  private final CommitObserver observer;
  private final boolean ownsIcebergPool;
  final Lanes lanes; // one per table; read by BufferedEvents
  final Partitions partitions; // read by BufferedEvents
  private final BufferReport report;
  private final Dedup dedup; // null unless FLOE_DEDUP_WINDOW is set
  private final FlushSchedule schedule;
  private final CommitWaits commitWaits; // FLOE_ACK=commit requests
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final LongSupplier floor; // one for every table's log: its monitor orders truncations
  private final SideBySide sideBySide;
  private volatile long lastTickMillis = System.currentTimeMillis();
  private WriteAheadLog wal; // null when FLOE_ACK=none
  private FlushPasses passes;
  private Intake intake;

  /**
   * @param flushExecutor where background flushes run: the managed executor, or the caller
   * @param observer told of each commit that landed
   * @param ownsIcebergPool whether {@link #stop()} shuts Iceberg's shared worker pool: the
   *     application's engine does, a rehearsal beside it must not
   */
  BufferEngine(
      FloeSettings settings,
      CatalogStrategy catalog,
      FloeStats stats,
      Executor flushExecutor,
      CommitObserver observer,
      boolean ownsIcebergPool) {
    this(settings, catalog, stats, flushExecutor, observer, ownsIcebergPool, SideBySide.PARALLEL);
  }

  /**
   * @param parallel how many tables' flushes of one pass run at once
   */
  BufferEngine(
      FloeSettings settings,
      CatalogStrategy catalog,
      FloeStats stats,
      Executor flushExecutor,
      CommitObserver observer,
      boolean ownsIcebergPool,
      int parallel) {
    this.sideBySide = new SideBySide(parallel);
    this.settings = settings;
    this.catalog = catalog;
    this.stats = stats;
    this.flushExecutor = flushExecutor;
    this.observer = observer;
    this.ownsIcebergPool = ownsIcebergPool;
    this.lanes = new Lanes(settings.routes(), this::newLane);
    this.commitWaits = new CommitWaits(lanes::tableOf);
    this.partitions =
        new Partitions(
            new Budget(settings.buffers().maxBytes()),
            t -> lanes.lane(t).options.maxSize(),
            stats.byType::label,
            lanes::drainingWell);
    this.floor = () -> lanes.uncommittedFloor(partitions, () -> wal.nextPosition());
    this.schedule = new FlushSchedule(flushExecutor, () -> passes.pass());
    this.report = new BufferReport(partitions, stats);
    this.dedup = Dedup.of(settings.buffers());
  }

  /**
   * A table's lane: the application's catalog for the configured table, the same catalog for
   * another table otherwise. Plain objects, not CDI proxies: the shutdown flush runs after CDI
   * contexts may be gone. The log knows the node id (FLOE_NODE_ID, or the one it made and keeps).
   */
  private Lane newLane(String name) {
    RoutedTable options = settings.routes().table(name);
    if (lanes.deadLetters().isTable(name)) { // a table of its own schema, rows and sink
      CatalogStrategy dl = lanes.deadLetters().catalog(settings);
      Supplier<String> node = () -> wal == null ? "" : wal.nodeId();
      // where overflow goes: its partitions are bounded by the memory budget only
      RoutedTable open =
          new RoutedTable(options.table(), options.size(), options.timeoutMs(), 1 << 30);
      return new Lane(open, dl, lanes.deadLetters().sink(dl, node, stats), true);
    }
    boolean own = !name.equals(settings.routes().configured().name());
    CatalogStrategy c = own ? catalog.forTable(options.table()) : catalog;
    stats.byTable.table(name); // a metric label per table: bounded by the routes and the log
    return new Lane(
        options,
        c,
        Sinks.forTable(settings, options, c, stats, () -> wal == null ? "" : wal.nodeId()),
        own);
  }

  /** Opens and replays the log, loads the tables, and starts checking the replay against them. */
  void start() {
    Map<String, Integer> replayed = settings.wal().enabled() ? openLog() : Map.of();
    settings.routes().tables().forEach(t -> lanes.lane(t.name()));
    replayed.keySet().forEach(lanes::lane); // tables the log names that no route names now
    for (Lane lane : lanes.all()) {
      if (wal != null) {
        WalFlushLog log =
            new WalFlushLog(
                wal,
                lane.name(),
                partitions,
                lane.sink,
                settings.buffers().dedupWindowMillis(),
                dedup == null ? first -> {} : dedup::forgetFrom,
                floor);
        if (replayed.containsKey(lane.name())) {
          log.replayed();
        }
        lane.log = log;
      }
      lane.flusher =
          new Flusher(
              lane.sink,
              settings.buffers().flushRetryMaxMs(),
              lane.log,
              observer,
              commitWaits::committed,
              lane.flushLock,
              lanes.moves);
    }
    passes = new FlushPasses(lanes, partitions, report, stats, sideBySide);
    intake =
        new Intake(
            partitions,
            wal,
            dedup,
            settings.buffers().size(),
            this::requestFlush,
            this::retryAfterSeconds,
            stopped::get,
            lanes);
    report.registerGauges();
    if (wal != null) {
      WalHealth.publish(wal, stats);
    }
    lanes.openTables();
    if (lanes.all().stream().anyMatch(l -> !l.log.reconciled())) {
      requestFlush(); // check the log against the tables as soon as they answer
    }
  }

  /** What a refusal tells the client to wait: the soonest retry of a table backing off. */
  private int retryAfterSeconds() {
    return lanes.all().stream().mapToInt(l -> l.flusher.retryAfterSeconds()).min().orElse(1);
  }

  /** Opens the write-ahead log and puts every event it holds back into the buffers. */
  private Map<String, Integer> openLog() {
    wal = LogReplay.open(settings.wal());
    Map<String, Integer> replayed =
        LogReplay.replay(wal, settings.wal().dir(), settings.routes(), partitions, dedup);
    commitWaits.committedThrough(wal.checkpointed());
    return replayed;
  }

  void cap(OpenCaps caps) {
    partitions.cap(caps);
  }

  /** The ingest side, a plain object: the request path calls it without an EJB invocation. */
  public Intake intake() {
    return intake;
  }

  /** The requests waiting for the commit of their events ({@code FLOE_ACK=commit}). */
  CommitWaits commitWaits() {
    return commitWaits;
  }

  /** The figures of the buffers for the status page, the debug endpoints and the metrics. */
  public BufferReport report() {
    return report;
  }

  /** Every second: flush what is old enough, and forget buffers that stayed empty. */
  void tick() {
    stats.timerTicks.inc(1);
    long now = System.currentTimeMillis();
    lastTickMillis = now;
    report.tick();
    if (dedup != null) {
      dedup.expire(now);
    }
    commitWaits.expire(now);
    partitions.retireIdle(now, Math.max(60_000, 2 * settings.buffers().timeoutMs()));
    if (passes.anyDue(now)) {
      requestFlush();
    }
  }

  /** Starts a background flush of due buffers unless one is running; that one then goes again. */
  private void requestFlush() {
    schedule.request();
  }

  /** Flushes every buffer now, one commit per table, and waits for it. */
  public FlushReport flushAll() {
    return flushNow(k -> true);
  }

  /** Flushes the chosen partitions' buffers now, one commit per table, and waits for it. */
  FlushReport flushNow(Predicate<PartitionKey> which) {
    try {
      return passes.flush(partitions.select(which));
    } catch (RuntimeException e) {
      throw new FlushFailedException(Failures.reason(e), e);
    }
  }

  /** What a corrupt log segment cost on start, or null. */
  public String walDamage() {
    return wal == null ? null : wal.damage();
  }

  /** Null when the write-ahead log is reconciled with the table, else why not yet. */
  public String replayPending() {
    return lanes.first(l -> l.log.waitingFor());
  }

  /** Null while commits may go ahead, else why they are refused until an operator acts. */
  public String commitBlocked() {
    return lanes.first(l -> l.log.blocked());
  }

  /** When the timer last ran. */
  public long lastTickMillis() {
    return lastTickMillis;
  }

  /** Since when the running flush runs, or 0 when none runs. */
  public long flushRunningSinceMillis() {
    return lanes.all().stream().mapToLong(l -> l.flusher.runningSinceMillis()).max().orElse(0);
  }

  /**
   * Refuses new events, flushes everything buffered ({@link FinalFlush}), closes the log and stops
   * this engine's threads; later calls do nothing. All of it ran once at start-up in {@link
   * Warmup}'s rehearsal, so closing the log and stopping the threads still work when the server has
   * shut the class loader first.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    lanes.all().forEach(l -> l.sink.stopping());
    try {
      FinalFlush.run(() -> passes.flush(partitions.all()), partitions::pendingEvents, wal != null);
    } finally {
      commitWaits.close(); // after the final flush: what it committed was answered 2xx
      sideBySide.close(); // no thread of this engine stays behind
      closeLog(); // a redeploy in this JVM opens it again
      lanes.all().forEach(l -> l.close(ownsIcebergPool));
    }
  }

  private void closeLog() {
    if (wal != null) {
      try {
        wal.close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Closing the write-ahead log failed", e);
      }
    }
  }
}
