package dev.floe.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntakeStateTest {
  private static final String UNCHECKED = "replayed events are not yet checked against the table";

  private static IntakeState state(
      boolean stopping,
      boolean broken,
      String pending,
      long replayed,
      double walBytes,
      double walMax,
      double budget) {
    return new IntakeState(stopping, broken, pending, replayed, walBytes, walMax, budget);
  }

  @Test
  void takesEventsWithRoomInTheLogAndTheBudget() {
    assertThat(state(false, false, null, 0, 900_000, 1_000_000, 0.5).refusal()).isNull();
    assertThat(state(false, false, null, 0, 0, 0, 0.99).refusal()).as("no log").isNull();
  }

  @Test
  void aLogThatReplayedNothingHasNothingToCheck() {
    assertThat(state(false, false, UNCHECKED, 0, 0, 1_000_000, 0).refusal()).isNull();
    assertThat(state(false, false, UNCHECKED, 12, 0, 1_000_000, 0).refusal())
        .startsWith("12 events replayed from the write-ahead log")
        .contains(UNCHECKED);
  }

  @Test
  void stoppingBrokenFullOrOverBudgetRefuse() {
    assertThat(state(true, false, null, 0, 0, 1_000_000, 0).refusal()).contains("stopping");
    assertThat(state(false, true, "disk I/O error; new events get 503", 0, 0, 1e6, 0).refusal())
        .contains("disk I/O error");
    assertThat(state(false, false, null, 0, 999_000, 1_000_000, 0).refusal())
        .contains("write-ahead log is full")
        .contains("FLOE_WAL_MAX_BYTES");
    assertThat(state(false, false, null, 0, 0, 1_000_000, 1.0).refusal())
        .contains("FLOE_MAX_BUFFER_MB");
  }

  @Test
  void theLogIsFullWithLessThanOnePercentOrOneMebibyteLeft() {
    double gib = 1 << 30;
    assertThat(state(false, false, null, 0, gib - (2 << 20), gib, 0).refusal()).isNull();
    assertThat(state(false, false, null, 0, gib - (1 << 19), gib, 0).refusal()).isNotNull();
    assertThat(state(false, false, null, 0, 65_536 - 700, 65_536, 0).refusal()).isNull();
    assertThat(state(false, false, null, 0, 65_536 - 600, 65_536, 0).refusal()).isNotNull();
  }
}
