package dev.floe.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A partition: one event type in one UTC hour; printed as the seed does, {@code
 * type/YYYY-MM-DD-HH}.
 */
public record PartitionKey(String type, long epochHour) {
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("uuuu-MM-dd-HH").withZone(ZoneOffset.UTC);

  public static PartitionKey of(EventRecord e) {
    return of(e.type(), e.partitionTime());
  }

  public static PartitionKey of(String type, Instant t) {
    return new PartitionKey(type, Math.floorDiv(t.getEpochSecond(), 3600));
  }

  @Override
  public String toString() {
    return type + "/" + HOUR.format(Instant.ofEpochSecond(epochHour * 3600));
  }
}
