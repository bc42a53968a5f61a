package dev.floe.deadletter;

import java.time.Instant;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * Which dead letters a replay or a count takes: by intended table, by reason, and by arrival time
 * ({@code from} inclusive, {@code to} exclusive); a null part takes all.
 */
public record ReplayFilter(String table, String reason, Instant from, Instant to) {
  public static final ReplayFilter ALL = new ReplayFilter(null, null, null, null);

  /** The filter as an Iceberg expression on the dead-letter table's columns. */
  Expression expression() {
    Expression e = Expressions.alwaysTrue();
    if (table != null) {
      e = Expressions.and(e, Expressions.equal(DeadLetterTable.INTENDED_TABLE, table));
    }
    if (reason != null) {
      e = Expressions.and(e, Expressions.equal(DeadLetterTable.REASON, reason));
    }
    if (from != null) {
      e =
          Expressions.and(
              e, Expressions.greaterThanOrEqual(DeadLetterTable.RECEIVED_AT, micros(from)));
    }
    if (to != null) {
      e = Expressions.and(e, Expressions.lessThan(DeadLetterTable.RECEIVED_AT, micros(to)));
    }
    return e;
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }
}
