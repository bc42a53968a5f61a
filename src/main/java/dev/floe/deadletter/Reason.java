package dev.floe.deadletter;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why an event went to the dead-letter table: a short code that stays stable across versions. */
public enum Reason {
  /** A promoted attribute's value does not fit its column ({@code FLOE_COLUMNS}). */
  VALUE_DOES_NOT_FIT,
  /** The event's table refuses Floe's rows (its schema is incompatible). */
  TABLE_REFUSED,
  /** The event's partition was over its cap and the operator prefers keeping to refusing. */
  PARTITION_FULL,
  /** A refused element of a partial batch, kept as received ({@code ?dead_letter=true}). */
  INVALID_EVENT;

  /** The code stored in the {@code reason} column, e.g. {@code value-does-not-fit}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The reason of a code, empty for a code this version does not know. */
  public static Optional<Reason> ofCode(String code) {
    return Arrays.stream(values()).filter(r -> r.code().equals(code)).findFirst();
  }
}
