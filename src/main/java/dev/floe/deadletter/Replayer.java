package dev.floe.deadletter;

import dev.floe.deadletter.DeadLetterReader.Row;
import dev.floe.deadletter.ReplayLease.LeaseLostException;
import dev.floe.deadletter.ReplayTargets.Target;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import dev.floe.lake.TableCommitter;
import dev.floe.lake.WriteResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.apache.iceberg.Table;

/**
 * Sends dead letters through routing again, exactly once. A replay (1) reads the matching rows and
 * decides each row's table, (2) writes that plan next to the dead-letter table's metadata and takes
 * the table's replay lease naming it, (3) commits the events to each table under the commit id
 * {@code floe-dl-replay-<replay id>}, unless that table already holds the commit, and (4) removes
 * the rows from the dead-letter table and gives the lease back in one commit. Until (4) the rows
 * and the lease stay; a replay that finds a lease whose holder died (its process is gone, or its
 * time ran out) finishes it from step (3) first, by the same plan and the same commit ids, so
 * nothing lands twice and nothing is lost; a live lease makes the request wait its turn.
 */
public final class Replayer {
  /** The commit id prefix of a replay's commit in a target table. */
  public static final String COMMIT_PREFIX = "floe-dl-replay-";

  private static final Logger LOG = Logger.getLogger(Replayer.class.getName());

  private final Supplier<Table> deadLetters;
  private final ReplayTargets targets;
  private final String holder;
  private final long leaseMillis;
  private final int maxRows;
  private final LongSupplier clock;

  /**
   * @param holder {@code <node>/<process>}: unique per process
   * @param leaseMillis how long a replay may run before another may finish it
   * @param maxRows the most rows one replay takes
   */
  public Replayer(
      Supplier<Table> deadLetters,
      ReplayTargets targets,
      String holder,
      long leaseMillis,
      int maxRows,
      LongSupplier clock) {
    this.deadLetters = deadLetters;
    this.targets = targets;
    this.holder = holder;
    this.leaseMillis = leaseMillis;
    this.maxRows = maxRows;
    this.clock = clock;
  }

  /** A holder name for this process of {@code node}. */
  public static String holder(String node) {
    return node + "/" + UUID.randomUUID();
  }

  /** Replays the rows {@code filter} matches, after finishing a replay a crash cut short. */
  public synchronized ReplayReport replay(ReplayFilter filter) {
    Table table = deadLetters.get();
    long recovered = recover(table);
    List<Row> rows = DeadLetterReader.matching(table, filter, maxRows + 1);
    boolean more = rows.size() > maxRows;
    Map<String, String> plan = new LinkedHashMap<>();
    long kept = 0;
    for (Row r : more ? rows.subList(0, maxRows) : rows) {
      Optional<Target> t =
          event(r)
              .flatMap(
                  e ->
                      targets
                          .route(e, r.intendedTable())
                          .filter(target -> target.refusal().apply(e) == null));
      if (t.isPresent()) {
        plan.put(r.deadLetterId(), t.get().name());
      } else {
        kept++;
      }
    }
    if (plan.isEmpty()) {
      return new ReplayReport(null, Map.of(), kept, recovered, more);
    }
    String replayId = UUID.randomUUID().toString();
    String location = ReplayPlan.location(table, replayId);
    new ReplayPlan(plan).write(table, location);
    ReplayLease lease =
        new ReplayLease(replayId, holder, clock.getAsLong() + leaseMillis, location);
    try {
      ReplayLease.swap(table, null, lease);
    } catch (LeaseLostException e) {
      ReplayPlan.delete(table, location);
      throw busy(e.found);
    }
    Map<String, Long> replayed = finish(table, lease, new ReplayPlan(plan));
    return new ReplayReport(replayId, replayed, kept, recovered, more);
  }

  /** Finishes a replay whose holder died, if there is one; returns the rows it landed. */
  public synchronized long recover() {
    return recover(deadLetters.get());
  }

  private long recover(Table table) {
    ReplayLease found = ReplayLease.current(table);
    if (found == null) {
      return 0;
    }
    boolean dead =
        found.holder().equals(holder) // this process failed it (an error), and holds it still
            || found.heldByEarlierProcess(holder)
            || found.expiresAtMillis() <= clock.getAsLong();
    if (!dead) {
      throw busy(found);
    }
    ReplayLease mine =
        new ReplayLease(found.replayId(), holder, clock.getAsLong() + leaseMillis, found.plan());
    try {
      ReplayLease.swap(table, found, mine);
    } catch (LeaseLostException e) {
      throw busy(e.found);
    }
    LOG.info("Finishing replay " + found.replayId() + " of " + found.holder());
    Map<String, Long> landed = finish(table, mine, ReplayPlan.read(table, found.plan()));
    return landed.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Steps (3) and (4) for the plan's rows still in the table. */
  private Map<String, Long> finish(Table table, ReplayLease lease, ReplayPlan plan) {
    Map<String, Row> rows = DeadLetterReader.byIds(table, plan.tableById().keySet());
    Map<String, List<EventRecord>> byTable = new TreeMap<>();
    for (Row r : rows.values()) {
      EventRecord e =
          event(r)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "dead letter " + r.deadLetterId() + " was planned but cannot be read"));
      byTable
          .computeIfAbsent(plan.tableById().get(r.deadLetterId()), k -> new ArrayList<>())
          .add(e);
    }
    String commitId = COMMIT_PREFIX + lease.replayId();
    Map<String, Long> landed = new TreeMap<>();
    for (Map.Entry<String, List<EventRecord>> t : byTable.entrySet()) {
      Target target =
          targets
              .byName(t.getKey())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "table "
                              + t.getKey()
                              + " of replay "
                              + lease.replayId()
                              + " is not routed now"));
      commitOnce(target.committer(), t.getValue(), commitId, lease.replayId());
      landed.put(t.getKey(), (long) t.getValue().size());
    }
    long removed = DeadLetterRemoval.remove(table, rows.keySet(), lease);
    ReplayPlan.delete(table, lease.plan());
    LOG.info(
        String.format(
            "Replay %s: %d dead letters landed in %s, %d removed from %s",
            lease.replayId(), rows.size(), landed, removed, table.name()));
    return landed;
  }

  private static void commitOnce(
      TableCommitter committer, List<EventRecord> events, String commitId, String replayId) {
    if (committer.landed(commitId)) {
      return; // the replay this one finishes got this far
    }
    Map<PartitionKey, List<EventRecord>> partitions = new LinkedHashMap<>();
    events.forEach(
        e -> partitions.computeIfAbsent(PartitionKey.of(e), k -> new ArrayList<>()).add(e));
    WriteResult written = committer.write(partitions.values(), commitId);
    // kept in the table properties too: a replay finished after this snapshot expired still finds
    // it
    committer.commit(
        written,
        commitId,
        Map.of(DeadLetterRemoval.REPLAY_ID, replayId, TableCommitter.KEPT_COMMIT_ID, commitId));
  }

  /**
   * The row's event, empty when the row holds none: an invalid batch element is kept as it was sent
   * and never replayed, even when its text happens to parse (no check ever passed it).
   */
  private static Optional<EventRecord> event(Row r) {
    if (Reason.INVALID_EVENT.code().equals(r.reason())) {
      return Optional.empty();
    }
    try {
      EventRecord e = RawEvent.read(r.event(), r.receivedAt());
      boolean complete =
          "1.0".equals(e.specversion()) && e.id() != null && e.type() != null && e.source() != null;
      return complete ? Optional.of(e) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private ReplayBusyException busy(ReplayLease found) {
    if (found == null) {
      return new ReplayBusyException("another replay took the dead-letter table", 5);
    }
    long seconds = Math.max(1, (found.expiresAtMillis() - clock.getAsLong() + 999) / 1000);
    return new ReplayBusyException(
        "replay " + found.replayId() + " by " + found.holder() + " is running", seconds);
  }
}
