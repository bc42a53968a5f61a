package dev.floe.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.event.EventRecord;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A batch read per index: each bad event is refused alone, the array's own faults stay whole. */
class BatchReaderEachTest {
  private static final int MAX_EVENT_BYTES = 1024;

  private static String event(String id) {
    return "{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"s\",\"id\":\"" + id + "\"}";
  }

  private static final String NO_SOURCE = "{\"specversion\":\"1.0\",\"type\":\"t\",\"id\":\"bad\"}";

  private static BatchOutcome each(String json) {
    return BatchReader.readEach(Events.body(json), false, 10, MAX_EVENT_BYTES, Events.FACTS);
  }

  private static BatchOutcome each(String... elements) {
    return each("[" + String.join(",", elements) + "]");
  }

  private static List<Integer> acceptedIndexes(BatchOutcome o) {
    return IntStream.range(0, o.accepted().size()).map(o::indexOf).boxed().toList();
  }

  @Test
  void badFirstEventIsRefusedAloneAndTheRestRead() {
    BatchOutcome o = each(NO_SOURCE, event("b"), event("c"));

    assertThat(o.accepted()).extracting(EventRecord::id).containsExactly("b", "c");
    assertThat(acceptedIndexes(o)).containsExactly(1, 2);
    RefusedEvent r = o.refused().get(0);
    assertThat(r.index()).isZero();
    assertThat(r.id()).isEqualTo("bad");
    assertThat(r.raw()).isEqualTo(NO_SOURCE);
    assertThat(r.refusal().status()).isEqualTo(400);
    assertThat(r.refusal().detail()).isEqualTo("required attribute 'source' is missing");
  }

  @Test
  void badMiddleAndLastEventsAreRefusedByIndex() {
    BatchOutcome o =
        each(
            event("a"),
            "{\"specversion\":\"0.3\",\"id\":\"x\"}",
            event("c"),
            "42",
            event("e"),
            "{\"id\":\"last\",\"time\":\"yesterday\",\"specversion\":\"1.0\"}");

    assertThat(o.accepted()).extracting(EventRecord::id).containsExactly("a", "c", "e");
    assertThat(acceptedIndexes(o)).containsExactly(0, 2, 4);
    assertThat(o.refused()).extracting(RefusedEvent::index).containsExactly(1, 3, 5);
    assertThat(o.refused()).extracting(RefusedEvent::id).containsExactly("x", null, "last");
    assertThat(o.refused().get(1).raw()).isEqualTo("42");
    assertThat(o.refused().get(1).refusal().detail()).contains("got a number");
    assertThat(o.total()).isEqualTo(6);
  }

  @Test
  void refusalInsideNestedDataSkipsToTheNextEvent() {
    String badData =
        "{\"specversion\":\"1.0\",\"id\":\"d\",\"data\":{\"a\":[1,{\"b\":2}]},\"data\":{\"c\":[3]},"
            + "\"type\":\"t\",\"source\":\"s\"}";
    BatchOutcome o = each(badData, event("after"));

    assertThat(o.accepted()).extracting(EventRecord::id).containsExactly("after");
    assertThat(o.refused().get(0).raw()).isEqualTo(badData);
    assertThat(o.refused().get(0).refusal().detail()).contains("'data' appears more than once");
  }

  @Test
  void everyEventBadLeavesNoneAccepted() {
    BatchOutcome o = each(NO_SOURCE, "[1,2]", "null");

    assertThat(o.accepted()).isEmpty();
    assertThat(o.refused()).extracting(RefusedEvent::index).containsExactly(0, 1, 2);
  }

  @Test
  void duplicateAttributeIsRefusedAlone() {
    String dup =
        "{\"specversion\":\"1.0\",\"id\":\"d\",\"id\":\"e\",\"type\":\"t\",\"source\":\"s\"}";
    BatchOutcome o = each(event("a"), dup);

    assertThat(o.accepted()).hasSize(1);
    assertThat(o.refused().get(0).refusal().detail()).contains("'id' appears more than once");
  }

  @Test
  void duplicateKeysInsideDataRefuseTheWholeBatch() {
    String dup = Events.minimalWith("\"data\":{\"k\":1,\"k\":2}");

    assertThatThrownBy(() -> each(event("a"), dup))
        .isInstanceOf(EventFormatException.class)
        .satisfies(e -> assertThat(((EventFormatException) e).refusal().index()).isEqualTo(1));
  }

  @Test
  void eventOverTheSizeLimitIsRefusedWithItsTextCut() {
    String big = Events.minimalWith("\"data\":\"" + "é".repeat(MAX_EVENT_BYTES) + "\"");
    BatchOutcome o = each(event("a"), big, event("c"));

    RefusedEvent r = o.refused().get(0);
    assertThat(r.index()).isEqualTo(1);
    assertThat(r.refusal().status()).isEqualTo(413);
    assertThat(r.refusal().detail()).contains("FLOE_MAX_EVENT_BYTES");
    assertThat(r.raw().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(MAX_EVENT_BYTES);
    assertThat(big).startsWith(r.raw());
    assertThat(o.accepted()).extracting(EventRecord::id).containsExactly("a", "c");
  }

  @Test
  void malformedJsonOrTooManyEventsRefuseTheWholeBatch() {
    assertThatThrownBy(() -> each("[" + event("a") + ",{\"id\":}]"))
        .isInstanceOf(EventFormatException.class);
    String eleven = String.join(",", java.util.Collections.nCopies(11, event("a")));
    assertThatThrownBy(() -> each("[" + eleven + "]"))
        .satisfies(e -> assertThat(((EventFormatException) e).refusal().status()).isEqualTo(413));
    assertThatThrownBy(() -> each("[]")).isInstanceOf(EventFormatException.class);
  }

  @Test
  void readsTheEnvelopeToo() {
    BatchOutcome o = each("{\"events\":[" + event("a") + "," + NO_SOURCE + "]}");

    assertThat(o.accepted()).hasSize(1);
    assertThat(o.refused()).extracting(RefusedEvent::index).containsExactly(1);
  }

  @Test
  void laterChecksRefuseMoreKeepingRawTextAndOrder() {
    BatchOutcome o = each(event("a"), NO_SOURCE, event("c"), event("d"));

    o.refuseWhere(e -> e.id().equals("c") ? EventFormatException.invalidEvent("no c") : null);

    assertThat(o.accepted()).extracting(EventRecord::id).containsExactly("a", "d");
    assertThat(acceptedIndexes(o)).containsExactly(0, 3);
    assertThat(o.refused()).extracting(RefusedEvent::index).containsExactly(1, 2);
    assertThat(o.refused().get(1).raw()).isEqualTo(event("c"));
    assertThat(o.refused().get(1).id()).isEqualTo("c");
  }

  @Test
  void allValidGivesTheSameEventsAsTheDefaultReader() {
    String json = "[" + Events.PAGE_VIEW + "," + Events.MINIMAL + "]";
    List<EventRecord> whole = BatchReader.read(Events.body(json), true, 10, Events.FACTS);

    assertThat(each(json).accepted()).isEqualTo(whole);
  }
}
