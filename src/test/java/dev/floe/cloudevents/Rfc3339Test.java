package dev.floe.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

  @ParameterizedTest
  @CsvSource({
    "2024-01-15T14:30:00Z, 2024-01-15T14:30:00Z",
    "2024-01-15t14:30:00z, 2024-01-15T14:30:00Z",
    "2024-01-15T16:30:00+02:00, 2024-01-15T14:30:00Z",
    "2024-01-15T09:00:00-05:30, 2024-01-15T14:30:00Z",
    "2024-01-15T14:30:00-00:00, 2024-01-15T14:30:00Z",
    "2024-01-15T14:30:00.5Z, 2024-01-15T14:30:00.500Z",
    "2024-01-15T14:30:00.123456Z, 2024-01-15T14:30:00.123456Z",
    "2024-01-15T14:30:00.1234567Z, 2024-01-15T14:30:00.123456Z",
    "2024-01-15T14:30:00.123456789123Z, 2024-01-15T14:30:00.123456Z",
    "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z",
    "2024-01-01T00:30:00+01:00, 2023-12-31T23:30:00Z"
  })
  void parses(String text, String expected) {
    assertThat(Rfc3339.parse(text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "2024-01-15",
        "2024-01-15T14:30Z",
        "2024-01-15T14:30:00",
        "2024-01-15 14:30:00Z",
        "2024-01-15T14:30:00.Z",
        "2024-01-15T14:30:00+0200",
        "2024-01-15T14:30:00+02",
        "2024-01-15T14:30:00+02:00:00",
        "2024-01-15T14:30:00+24:00",
        "2024-01-15T24:00:00Z",
        "2024-01-15T14:60:00Z",
        "2024-01-15T14:30:60Z",
        "2023-02-29T00:00:00Z",
        "2024-00-10T00:00:00Z",
        "2024-1-15T14:30:00Z",
        "+2024-01-15T14:30:00Z",
        "2024-01-15T14:30:00ZZ",
        "2024-01-15T14:30:00Z ",
        "1705329000"
      })
  void refuses(String text) {
    assertThat(Rfc3339.parse(text)).isNull();
  }

  @org.junit.jupiter.api.Test
  void agreesWithTheJdkOverFourHundredYearsAndAcrossTheRange() {
    java.util.Random random = new java.util.Random(42);
    java.time.LocalDate day = java.time.LocalDate.of(1800, 1, 1);
    java.util.List<java.time.LocalDate> days = new java.util.ArrayList<>();
    for (;
        day.getYear() < 2200;
        day = day.plusDays(5)) { // every weekday and month day, leap days included
      days.add(day);
    }
    for (int i = 0; i < 5_000; i++) {
      days.add(java.time.LocalDate.ofEpochDay(random.nextLong(-719_528, 2_932_896)));
    }
    for (java.time.LocalDate d : days) {
      String text =
          String.format(
              "%04d-%02d-%02dT%02d:%02d:%02d.%09d%s",
              d.getYear(),
              d.getMonthValue(),
              d.getDayOfMonth(),
              random.nextInt(24),
              random.nextInt(60),
              random.nextInt(60),
              random.nextInt(1_000_000_000),
              random.nextBoolean() ? "Z" : "-03:30");
      Instant expected =
          java.time.OffsetDateTime.parse(text)
              .toInstant()
              .truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      assertThat(Rfc3339.parse(text)).as(text).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2024-04-31T00:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-00-01T00:00:00Z",
        "2024-01-00T00:00:00Z",
        "2024-01-32T00:00:00Z",
        "2024-01-15T24:00:00Z",
        "2024-01-15T14:60:00Z",
        "2024-01-15T14:30:60Z"
      })
  void refusesDatesAndTimesThatDoNotExist(String text) {
    assertThat(Rfc3339.parse(text)).isNull();
  }
}
