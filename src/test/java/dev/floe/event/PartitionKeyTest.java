package dev.floe.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.testing.Fixtures;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class PartitionKeyTest {

  private static String key(String type, String instant) {
    return PartitionKey.of(type, Instant.parse(instant)).toString();
  }

  private static EventRecord event(Instant time, Instant receivedAt) {
    return Fixtures.sparse(
        "e1", "order.placed", "test", time, null, CloudflareInfo.NONE, receivedAt);
  }

  @Test
  void printsTypeSlashUtcHourAsTheSeedDoes() {
    assertThat(key("page.view", "2024-01-15T14:30:00Z")).isEqualTo("page.view/2024-01-15-14");
    assertThat(key("page.view", "2024-03-05T04:00:00Z")).isEqualTo("page.view/2024-03-05-04");
    assertThat(PartitionKey.of(Fixtures.PAGE_VIEW).toString()).isEqualTo("page.view/2024-01-15-14");
  }

  @Test
  void hourBoundaries() {
    assertThat(key("t", "2024-01-15T14:59:59.999Z")).isEqualTo("t/2024-01-15-14");
    assertThat(key("t", "2024-01-15T14:59:59.999999999Z")).isEqualTo("t/2024-01-15-14");
    assertThat(key("t", "2024-01-15T15:00:00Z")).isEqualTo("t/2024-01-15-15");
    assertThat(key("t", "2024-01-15T14:00:00Z")).isEqualTo("t/2024-01-15-14");

    PartitionKey start = PartitionKey.of("t", Instant.parse("2024-01-15T14:00:00Z"));
    PartitionKey end = PartitionKey.of("t", Instant.parse("2024-01-15T14:59:59.999Z"));
    PartitionKey next = PartitionKey.of("t", Instant.parse("2024-01-15T15:00:00Z"));
    assertThat(end).isEqualTo(start).hasSameHashCodeAs(start);
    assertThat(next).isNotEqualTo(end);
    assertThat(next.epochHour()).isEqualTo(end.epochHour() + 1);
    assertThat(PartitionKey.of("u", Instant.parse("2024-01-15T14:00:00Z"))).isNotEqualTo(start);
  }

  @Test
  void dayMonthAndYearBoundaries() {
    assertThat(key("t", "2023-12-31T23:59:59.999999Z")).isEqualTo("t/2023-12-31-23");
    assertThat(key("t", "2024-01-01T00:00:00Z")).isEqualTo("t/2024-01-01-00");
    assertThat(key("t", "2024-02-29T23:30:00Z")).isEqualTo("t/2024-02-29-23");
    assertThat(key("t", "2024-03-01T00:00:00Z")).isEqualTo("t/2024-03-01-00");
  }

  @Test
  void offsetsAreConvertedToUtc() {
    Instant t = OffsetDateTime.parse("2024-01-15T23:30:00-05:00").toInstant();
    assertThat(PartitionKey.of("t", t).toString()).isEqualTo("t/2024-01-16-04");
    Instant u = OffsetDateTime.parse("2024-01-15T00:30:00+05:45").toInstant();
    assertThat(PartitionKey.of("t", u).toString()).isEqualTo("t/2024-01-14-18");
  }

  @Test
  void doesNotDependOnTheJvmTimeZone() {
    TimeZone saved = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati")); // UTC+14
      assertThat(key("t", "2024-01-15T14:30:00Z")).isEqualTo("t/2024-01-15-14");
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Pago_Pago")); // UTC-11
      assertThat(key("t", "2024-01-15T03:30:00Z")).isEqualTo("t/2024-01-15-03");
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void eventsWithoutTimeArePartitionedByReceivedAt() {
    Instant received = Instant.parse("2024-02-01T09:15:00Z");
    assertThat(PartitionKey.of(event(null, received)).toString())
        .isEqualTo("order.placed/2024-02-01-09");
    assertThat(PartitionKey.of(event(null, received)))
        .isEqualTo(PartitionKey.of("order.placed", received));
  }

  @Test
  void eventsWithTimeIgnoreReceivedAt() {
    Instant time = Instant.parse("2024-02-01T07:59:59Z");
    Instant received = Instant.parse("2024-02-01T09:15:00Z");
    assertThat(PartitionKey.of(event(time, received)).toString())
        .isEqualTo("order.placed/2024-02-01-07");
  }

  @Test
  void instantsBefore1970FloorToTheirHour() {
    assertThat(PartitionKey.of("t", Instant.parse("1970-01-01T00:00:00Z")).epochHour()).isZero();
    PartitionKey lastMs = PartitionKey.of("t", Instant.parse("1969-12-31T23:59:59.999Z"));
    assertThat(lastMs.epochHour()).isEqualTo(-1);
    assertThat(lastMs.toString()).isEqualTo("t/1969-12-31-23");
    assertThat(PartitionKey.of("t", Instant.parse("1969-12-31T23:00:00Z")).epochHour())
        .isEqualTo(-1);
    PartitionKey earlier = PartitionKey.of("t", Instant.parse("1969-12-31T22:59:59Z"));
    assertThat(earlier.epochHour()).isEqualTo(-2);
    assertThat(earlier.toString()).isEqualTo("t/1969-12-31-22");
    assertThat(key("t", "1900-01-01T00:30:00Z")).isEqualTo("t/1900-01-01-00");
    assertThat(key("t", "1000-06-15T12:00:00.5Z")).isEqualTo("t/1000-06-15-12");
  }

  @Test
  void yearZeroPrintsAsTheTableFolderDoes() {
    // RFC 3339 (and Floe's Rfc3339 parser) accept year 0000; the table folder says year=0000.
    // Rows/PartitionPath write year=0000 for it (getYear() == 0), so the key must say 0000 too.
    assertThat(key("t", "0000-06-01T10:00:00Z")).isEqualTo("t/0000-06-01-10");
  }

  @Test
  void yearsBeforeZeroAreNotPrintedAsEraYears() {
    // "0000-01-01T00:30:00+01:00" is valid RFC 3339 and falls in proleptic year -1 in UTC
    String k =
        PartitionKey.of("t", OffsetDateTime.parse("0000-01-01T00:30:00+01:00").toInstant())
            .toString();
    assertThat(k).isEqualTo("t/-0001-12-31-23");
  }
}
