package dev.floe.deadletter;

import dev.floe.event.EventRecord;
import dev.floe.lake.TableCommitter;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where routing sends a replayed event now: the seam between the replay and the tables Floe writes.
 */
public interface ReplayTargets {

  /**
   * A table a replay commits to.
   *
   * @param name the table's qualified name, as the {@code intended_table} column holds it
   * @param refusal why the table cannot take an event (a promoted value still does not fit), or
   *     null when it can: such a row stays a dead letter
   */
  record Target(String name, TableCommitter committer, Function<EventRecord, String> refusal) {}

  /**
   * The table routing sends {@code event} to now; empty when none takes it (its dead letter stays).
   * {@code intendedTable} is where it was bound when it failed.
   */
  Optional<Target> route(EventRecord event, String intendedTable);

  /** A table by its name, for a replay finished after a crash; empty when it is gone. */
  Optional<Target> byName(String table);
}
