package dev.floe.query;

import static org.apache.iceberg.expressions.Expressions.and;
import static org.apache.iceberg.expressions.Expressions.equal;
import static org.apache.iceberg.expressions.Expressions.greaterThan;
import static org.apache.iceberg.expressions.Expressions.greaterThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.lessThan;
import static org.apache.iceberg.expressions.Expressions.lessThanOrEqual;
import static org.apache.iceberg.expressions.Expressions.or;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * Turns a query's filters into one Iceberg expression, used both to plan (the type and hour columns
 * are the identity partition, so whole partitions drop out; time, source, subject, id and promoted
 * columns skip files by their column bounds) and to test each row read. An event without a time of
 * its own is partitioned by when Floe received it, which the table does not keep: such an event
 * matches a time range when its hour lies in the range.
 */
final class QueryFilter {
  private QueryFilter() {}

  /** Every filter of {@code q}, as one expression. */
  static Expression of(QueryRequest q) {
    Expression e = partitions(q.types(), q.from(), q.to());
    if (q.from() != null || q.to() != null) {
      Expression inRange = Expressions.alwaysTrue();
      if (q.from() != null) {
        inRange = and(inRange, greaterThanOrEqual("time", micros(q.from())));
      }
      if (q.to() != null) {
        inRange = and(inRange, lessThan("time", micros(q.to())));
      }
      e = and(e, or(Expressions.isNull("time"), inRange));
    }
    e = q.source() == null ? e : and(e, equal("source", q.source()));
    e = q.subject() == null ? e : and(e, equal("subject", q.subject()));
    e = q.id() == null ? e : and(e, equal("id", q.id()));
    for (Map.Entry<String, Object> c : q.equalTo().entrySet()) {
      e = and(e, equal(c.getKey(), c.getValue()));
    }
    return e;
  }

  /**
   * The partitions of {@code types} (empty: all) whose hour overlaps {@code [from, to)}; null
   * bounds are open.
   */
  static Expression partitions(List<String> types, Instant from, Instant to) {
    Expression e = Expressions.alwaysTrue();
    if (types.size() == 1) {
      e = equal("type", types.get(0));
    } else if (!types.isEmpty()) {
      e = Expressions.in("type", types.toArray());
    }
    if (from != null) {
      e = and(e, atOrAfter(hourOf(from)));
    }
    if (to != null) {
      e = and(e, atOrBefore(hourOf(to.minusNanos(1))));
    }
    return e;
  }

  private static ZonedDateTime hourOf(Instant t) {
    return t.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS);
  }

  /** year/month/day/hour at or after {@code h}, compared field by field. */
  private static Expression atOrAfter(ZonedDateTime h) {
    Expression e = greaterThanOrEqual("hour", h.getHour());
    e = or(greaterThan("day", h.getDayOfMonth()), and(equal("day", h.getDayOfMonth()), e));
    e = or(greaterThan("month", h.getMonthValue()), and(equal("month", h.getMonthValue()), e));
    return or(greaterThan("year", h.getYear()), and(equal("year", h.getYear()), e));
  }

  private static Expression atOrBefore(ZonedDateTime h) {
    Expression e = lessThanOrEqual("hour", h.getHour());
    e = or(lessThan("day", h.getDayOfMonth()), and(equal("day", h.getDayOfMonth()), e));
    e = or(lessThan("month", h.getMonthValue()), and(equal("month", h.getMonthValue()), e));
    return or(lessThan("year", h.getYear()), and(equal("year", h.getYear()), e));
  }

  /** Microseconds since the epoch, as Iceberg compares timestamps. */
  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }
}
