package dev.floe.deadletter;

import dev.floe.catalog.ForwardingTableOperations;
import java.util.Objects;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.UpdateProperties;

/**
 * The one replay at work on the dead-letter table, held in its table property {@value #PROPERTY}:
 * the replay id, who holds it (node and process), until when, and where its plan is. It is taken
 * and given back by compare-and-set on that property in Iceberg's optimistic commit, so of two
 * replays only one holds it, and a holder that outlived its lease cannot finish over the replay
 * that took it over.
 *
 * @param holder {@code <node>/<process>}: a holder of the same node with another process is dead
 */
record ReplayLease(String replayId, String holder, long expiresAtMillis, String plan) {
  static final String PROPERTY = "floe.dead-letter.replay";

  /** The lease as the property holds it. */
  String encode() {
    return replayId + "|" + holder + "|" + expiresAtMillis + "|" + plan;
  }

  static ReplayLease decode(String value) {
    if (value == null) {
      return null;
    }
    String[] p = value.split("\\|", 4);
    if (p.length != 4) {
      throw new IllegalStateException(PROPERTY + " holds no lease Floe wrote: " + value);
    }
    return new ReplayLease(p[0], p[1], Long.parseLong(p[2]), p[3]);
  }

  /** The lease on the table now, or null. */
  static ReplayLease current(Table table) {
    table.refresh();
    return decode(table.properties().get(PROPERTY));
  }

  /** A holder with the same node but another process: the node restarted since it took this. */
  boolean heldByEarlierProcess(String me) {
    String node = me.substring(0, me.lastIndexOf('/'));
    return !holder.equals(me) && holder.startsWith(node + "/");
  }

  /**
   * Replaces {@code expected} (null: no lease) by {@code next} (null: none); throws {@link
   * LeaseLostException} when the table holds another lease by then.
   */
  static void swap(Table table, ReplayLease expected, ReplayLease next) {
    UpdateProperties u = guarded(table, expected).updateProperties();
    if (next == null) {
      u.remove(PROPERTY);
    } else {
      u.set(PROPERTY, next.encode());
    }
    u.commit();
  }

  /** The table whose every commit checks first that {@code expected} is the lease on its base. */
  static Table guarded(Table table, ReplayLease expected) {
    TableOperations ops = ((HasTableOperations) table).operations();
    return new BaseTable(new Guard(ops, expected == null ? null : expected.encode()), table.name());
  }

  /** Another replay holds the lease, or took this one over. */
  static final class LeaseLostException extends IllegalStateException {
    final ReplayLease found;

    LeaseLostException(ReplayLease found) {
      super(
          found == null
              ? "the replay's lease is gone"
              : "replay "
                  + found.replayId()
                  + " by "
                  + found.holder()
                  + " holds the dead-letter table");
      this.found = found;
    }
  }

  private static final class Guard extends ForwardingTableOperations {
    private final String expected;

    Guard(TableOperations delegate, String expected) {
      super(delegate);
      this.expected = expected;
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      String found = base == null ? null : base.property(PROPERTY, null);
      if (!Objects.equals(found, expected)) {
        throw new LeaseLostException(decode(found));
      }
      delegate.commit(base, metadata);
    }
  }
}
