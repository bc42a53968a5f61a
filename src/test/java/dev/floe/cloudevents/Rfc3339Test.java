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
}
