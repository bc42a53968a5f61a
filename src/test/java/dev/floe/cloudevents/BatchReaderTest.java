package dev.floe.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.event.EventRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchReaderTest {

  private static List<EventRecord> read(String json) {
    return BatchReader.read(Events.body(json), false, 10, Events.FACTS);
  }

  private static Refusal problem(String json, boolean arrayOnly) {
    try {
      BatchReader.read(Events.body(json), arrayOnly, 10, Events.FACTS);
    } catch (EventFormatException e) {
      return e.refusal();
    }
    throw new AssertionError("accepted: " + json);
  }

  private static Refusal problem(String json) {
    return problem(json, false);
  }

  @Test
  void readsTheSeedsEnvelope() {
    List<EventRecord> events =
        read("{\"events\":[" + Events.PAGE_VIEW + "," + Events.MINIMAL + "]}");

    assertThat(events).extracting(EventRecord::id).containsExactly("123", "a-1");
  }

  @Test
  void readsABareArray() {
    List<EventRecord> events =
        BatchReader.read(Events.body("[" + Events.PAGE_VIEW + "]"), true, 10, Events.FACTS);

    assertThat(events).extracting(EventRecord::type).containsExactly("page.view");
  }

  @Test
  void batchFormatAllowsOnlyAnArray() {
    assertThat(problem("{\"events\":[" + Events.MINIMAL + "]}", true).status()).isEqualTo(400);
  }

  @Test
  void oneBadEventRejectsTheBatchNamingItsIndex() {
    String bad = Events.minimalWithout("id");
    String json =
        "{\"events\":["
            + String.join(",", Events.MINIMAL, Events.MINIMAL, Events.MINIMAL, bad, Events.MINIMAL)
            + "]}";

    Refusal p = problem(json);

    assertThat(p.status()).isEqualTo(400);
    assertThat(p.index()).isEqualTo(3);
    assertThat(p.detail()).contains("index 3").contains("'id'");
  }

  @Test
  void syntaxErrorInsideAnEventNamesItsIndex() {
    Refusal p = problem("[" + Events.MINIMAL + ",{\"id\":}]");
    assertThat(p.index()).isEqualTo(1);
    assertThat(p.detail()).contains("index 1");
  }

  @Test
  void nonObjectElementNamesItsIndex() {
    Refusal p = problem("[" + Events.MINIMAL + ",42]");
    assertThat(p.index()).isEqualTo(1);
  }

  @Test
  void invalidUtf8NamesItsIndex() {
    String json = "[" + Events.MINIMAL + "," + Events.minimalWith("\"subject\":\"xx\"") + "]";
    byte[] bytes = json.getBytes();
    int at = json.indexOf("xx");
    bytes[at] = (byte) 0xed; // a UTF-16 surrogate encoded as UTF-8
    bytes[at + 1] = (byte) 0xa0;
    byte[] withThird = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, withThird, 0, at + 2);
    withThird[at + 2] = (byte) 0x80;
    System.arraycopy(bytes, at + 2, withThird, at + 3, bytes.length - at - 2);
    try {
      BatchReader.read(new Body(withThird, withThird.length), false, 10, Events.FACTS);
      throw new AssertionError("accepted");
    } catch (EventFormatException e) {
      assertThat(e.refusal().index()).isEqualTo(1);
      assertThat(e.refusal().detail()).contains("UTF-8");
    }
  }

  @Test
  void emptyBatch() {
    assertThat(problem("{\"events\":[]}").detail()).contains("no events");
    assertThat(problem("[]").detail()).contains("no events");
    assertThat(problem("{}").detail()).contains("events");
  }

  @Test
  void tooManyEventsIs413() {
    String eleven = "[" + String.join(",", java.util.Collections.nCopies(11, Events.MINIMAL)) + "]";
    Refusal p = problem(eleven);
    assertThat(p.status()).isEqualTo(413);
    assertThat(p.detail()).contains("10");
  }

  @Test
  void envelopeIsStrict() {
    assertThat(problem("{\"events\":[" + Events.MINIMAL + "],\"more\":1}").detail())
        .contains("more");
    assertThat(problem("{\"events\":{}}").detail()).contains("array");
    assertThat(problem("{\"events\":[],\"events\":[]}").status()).isEqualTo(400);
    assertThat(problem("\"events\"").status()).isEqualTo(400);
    assertThat(problem("[" + Events.MINIMAL + "] []").detail()).contains("after");
    assertThat(problem("").status()).isEqualTo(400);
  }

  @Test
  void allEventsShareTheRequestFacts() {
    List<EventRecord> events = read("[" + Events.MINIMAL + "," + Events.PAGE_VIEW + "]");
    assertThat(events).allSatisfy(e -> assertThat(e.receivedAt()).isEqualTo(Events.RECEIVED));
  }

  @Test
  void duplicateKeysAreRefusedInEveryEventOfABatch() {
    String ok = Events.minimalWith("\"data\":{\"a\":1,\"b\":2}");
    String bad = Events.minimalWith("\"data\":{\"a\":1,\"b\":2,\"a\":3}");
    assertThat(read("[" + ok + "," + ok + "]")).hasSize(2);
    Refusal p = problem("[" + ok + "," + ok + "," + bad + "]");
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).contains("'a'").contains("2");
    String twice = Events.MINIMAL.replace("\"id\":\"a-1\"", "\"id\":\"a-1\",\"id\":\"a-2\"");
    assertThat(problem("[" + ok + "," + twice + "]").detail()).contains("'id'").contains("1");
  }

  @Test
  void theEnvelopeTakesOneEventsMember() {
    Refusal p =
        problem("{\"events\":[" + Events.MINIMAL + "],\"events\":[" + Events.MINIMAL + "]}");
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).contains("more than once");
  }

  @Test
  void eachEventKeepsItsOwnAttributesWhenNeighboursRepeatOrDiffer() {
    String a = "{\"specversion\":\"1.0\",\"type\":\"t.aa\",\"source\":\"s1\",\"id\":\"1\"}";
    String b =
        "{\"specversion\":\"1.0\",\"type\":\"t.ab\",\"source\":\"s1\",\"id\":\"2\","
            + "\"datacontenttype\":\"text/plain\"}";
    String c = "{\"specversion\":\"1.0\",\"type\":\"t.aa\",\"source\":\"s2\",\"id\":\"3\"}";
    List<EventRecord> events = read("[" + a + "," + b + "," + c + "," + a + "]");
    assertThat(events)
        .extracting(EventRecord::type)
        .containsExactly("t.aa", "t.ab", "t.aa", "t.aa");
    assertThat(events).extracting(EventRecord::source).containsExactly("s1", "s1", "s2", "s1");
    assertThat(events)
        .extracting(EventRecord::datacontenttype)
        .containsExactly(null, "text/plain", null, null);
    assertThat(events.get(3).type()).isSameAs(events.get(0).type()); // one shared copy
  }
}
