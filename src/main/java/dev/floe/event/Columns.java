package dev.floe.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The one list of the events table's columns, in the table's order: the table's schema, the rows
 * written to it and the Cloudflare facts of a request are all built from it, so adding a column
 * means adding it here (and, for a new request fact, to {@link CloudflareInfo}).
 *
 * <p>Kinds are Floe's own rather than Iceberg types: every layer uses this package, the write-ahead
 * log and the CloudEvents reader included, and only the table definition needs Iceberg's type
 * system; it maps each kind to its Iceberg type.
 */
public final class Columns {
  private Columns() {}

  /** What a column holds; the table definition maps each to an Iceberg type. */
  public enum Kind {
    /** A string. */
    STRING,
    /** An instant, stored as a timestamp with time zone (UTC). */
    TIMESTAMPTZ,
    /** A map of strings to strings; its key and value have field ids of their own. */
    STRING_MAP,
    /** A 32-bit integer. */
    INT,
    /** A 64-bit integer (promoted columns). */
    LONG,
    /** A 32-bit float (promoted columns). */
    FLOAT,
    /** A 64-bit float (promoted columns). */
    DOUBLE,
    /** True or false (promoted columns). */
    BOOLEAN
  }

  /**
   * One column.
   *
   * @param id the Iceberg field id; never reused, never changed
   * @param innerIds field ids of a map's key and value, empty for other kinds
   * @param ofPartition true when the value is the same for every event of one partition (the hour
   *     columns), so a writer sets it once per partition
   * @param value the column's value for an event: a String, an Instant, a Map or an Integer by
   *     kind; null when absent
   */
  public record Column(
      int id,
      String name,
      Kind kind,
      boolean required,
      List<Integer> innerIds,
      boolean ofPartition,
      Function<EventRecord, Object> value) {}

  /** One Cloudflare fact: its column and where {@link CloudflareInfo} holds it. */
  public record Fact(int id, String column, Function<CloudflareInfo, String> value) {}

  /**
   * The request's Cloudflare facts, in column order, which is also the order of {@link
   * CloudflareInfo}'s components and of {@link CloudflareInfo#of(List)}.
   */
  public static final List<Fact> CLOUDFLARE =
      List.of(
          new Fact(11, "cf_colo", CloudflareInfo::colo),
          new Fact(12, "cf_country", CloudflareInfo::country),
          new Fact(13, "cf_city", CloudflareInfo::city),
          new Fact(14, "cf_continent", CloudflareInfo::continent),
          new Fact(15, "cf_postal_code", CloudflareInfo::postalCode),
          new Fact(16, "cf_region", CloudflareInfo::region),
          new Fact(17, "cf_timezone", CloudflareInfo::timezone),
          new Fact(18, "cf_http_protocol", CloudflareInfo::httpProtocol),
          new Fact(19, "cf_tls_version", CloudflareInfo::tlsVersion),
          new Fact(20, "cf_tls_cipher", CloudflareInfo::tlsCipher));

  /** Every column, in the table's order: the seed's columns. */
  public static final List<Column> ALL = all();

  private static List<Column> all() {
    List<Column> c = new ArrayList<>();
    c.add(string(1, "id", true, EventRecord::id));
    c.add(string(2, "type", true, EventRecord::type));
    c.add(string(3, "source", true, EventRecord::source));
    c.add(string(4, "specversion", true, EventRecord::specversion));
    c.add(new Column(5, "time", Kind.TIMESTAMPTZ, false, List.of(), false, EventRecord::time));
    c.add(string(6, "subject", false, EventRecord::subject));
    c.add(string(7, "datacontenttype", false, EventRecord::datacontenttype));
    c.add(string(8, "dataschema", false, EventRecord::dataschema));
    c.add(string(9, "data", false, EventRecord::data));
    // an event without extensions stores null, not an empty map
    c.add(
        new Column(
            10,
            "extensions",
            Kind.STRING_MAP,
            false,
            List.of(25, 26),
            false,
            e -> e.extensions().isEmpty() ? null : e.extensions()));
    for (Fact f : CLOUDFLARE) {
      c.add(string(f.id(), f.column(), false, e -> f.value().apply(e.cloudflare())));
    }
    c.add(hour(21, "year", ZonedDateTime::getYear));
    c.add(hour(22, "month", ZonedDateTime::getMonthValue));
    c.add(hour(23, "day", ZonedDateTime::getDayOfMonth));
    c.add(hour(24, "hour", ZonedDateTime::getHour));
    return List.copyOf(c);
  }

  private static Column string(
      int id, String name, boolean required, Function<EventRecord, Object> value) {
    return new Column(id, name, Kind.STRING, required, List.of(), false, value);
  }

  private static Column hour(int id, String name, ToIntFunction<ZonedDateTime> part) {
    return new Column(
        id,
        name,
        Kind.INT,
        true,
        List.of(),
        true,
        e -> part.applyAsInt(utcHour(e.partitionTime())));
  }

  /** The UTC date and time of {@code t}, whose fields name its hour partition. */
  public static ZonedDateTime utcHour(Instant t) {
    return t.atZone(ZoneOffset.UTC);
  }
}
