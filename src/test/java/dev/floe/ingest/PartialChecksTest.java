package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.cloudevents.BatchOutcome;
import dev.floe.cloudevents.BatchReader;
import dev.floe.cloudevents.Body;
import dev.floe.cloudevents.RefusedEvent;
import dev.floe.config.IngestLimits;
import dev.floe.config.Promotion;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import dev.floe.event.RequestFacts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ingest checks after reading, per index: time window, request partitions, promoted values. */
class PartialChecksTest {
  private static final Instant NOW = Instant.parse("2026-01-15T15:00:00Z");

  private static String event(String id, String type, String time, String data) {
    return "{\"specversion\":\"1.0\",\"source\":\"s\",\"id\":\""
        + id
        + "\",\"type\":\""
        + type
        + "\""
        + (time == null ? "" : ",\"time\":\"" + time + "\"")
        + (data == null ? "" : ",\"data\":" + data)
        + "}";
  }

  private static BatchOutcome read(String... elements) {
    byte[] bytes = ("[" + String.join(",", elements) + "]").getBytes(StandardCharsets.UTF_8);
    return BatchReader.readEach(
        new Body(bytes, bytes.length), true, 100, 4096, new RequestFacts(CloudflareInfo.NONE, NOW));
  }

  private static IngestLimits limits(int maxRequestPartitions) {
    return new IngestLimits(
        86_400_000L, 3_600_000L, 30_000, 1 << 20, 0, 0, maxRequestPartitions, 10_000, 10_000);
  }

  @Test
  void eventsOutsideTheTimeWindowAreRefusedAlone() {
    BatchOutcome o =
        read(
            event("old", "t", "2020-01-01T00:00:00Z", null),
            event("ok", "t", "2026-01-15T14:00:00Z", null),
            event("future", "t", "2027-01-01T00:00:00Z", null));

    EventLimits.refuseEach(o, limits(100), NOW);

    assertThat(o.accepted()).extracting(EventRecord::id).containsExactly("ok");
    assertThat(o.refused()).extracting(RefusedEvent::index).containsExactly(0, 2);
    assertThat(o.refused().get(0).refusal().detail()).contains("FLOE_EVENT_MAX_AGE");
    assertThat(o.refused().get(0).raw()).contains("\"old\"");
  }

  @Test
  void eventsPastTheRequestsPartitionLimitAreRefusedTheFirstPartitionsKept() {
    BatchOutcome o =
        read(
            event("a1", "a", null, null),
            event("b1", "b", null, null),
            event("c1", "c", null, null),
            event("a2", "a", null, null));

    EventLimits.refuseEach(o, limits(2), NOW);

    assertThat(o.accepted()).extracting(EventRecord::id).containsExactly("a1", "b1", "a2");
    assertThat(o.refused()).extracting(RefusedEvent::id).containsExactly("c1");
    assertThat(o.refused().get(0).refusal().detail()).contains("FLOE_MAX_REQUEST_PARTITIONS");
  }

  @Test
  void promotedValuesThatDoNotFitAreRefusedAlone() {
    PromotedAttributes promoted =
        new PromotedAttributes(List.of(new Promotion("data", "n", "int")));
    BatchOutcome o =
        read(
            event("fits", "t", null, "{\"n\":3}"),
            event("text", "t", null, "{\"n\":\"three\"}"),
            event("absent", "t", null, null));

    promoted.refuseEach(o);

    assertThat(o.accepted()).extracting(EventRecord::id).containsExactly("fits", "absent");
    assertThat(o.refused()).extracting(RefusedEvent::index).containsExactly(1);
    assertThat(o.refused().get(0).refusal().detail()).contains("FLOE_COLUMNS");
  }
}
