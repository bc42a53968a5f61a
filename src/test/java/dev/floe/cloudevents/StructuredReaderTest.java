package dev.floe.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.event.EventRecord;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StructuredReaderTest {

  private static EventRecord read(String json) {
    return StructuredReader.single(Events.body(json), Events.FACTS);
  }

  private static Refusal problem(String json) {
    try {
      read(json);
    } catch (EventFormatException e) {
      return e.refusal();
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void readsTheSeedsPageView() {
    EventRecord e = read(Events.PAGE_VIEW);

    assertThat(e.specversion()).isEqualTo("1.0");
    assertThat(e.type()).isEqualTo("page.view");
    assertThat(e.source()).isEqualTo("website");
    assertThat(e.id()).isEqualTo("123");
    assertThat(e.time()).isEqualTo(Instant.parse("2024-01-15T14:30:00Z"));
    assertThat(e.data()).isEqualTo("{\"page\":\"/home\"}");
    assertThat(e.extensions()).isEmpty();
    assertThat(e.subject()).isNull();
    assertThat(e.receivedAt()).isEqualTo(Events.RECEIVED);
    assertThat(e.cloudflare()).isSameAs(Events.FACTS.cloudflare());
  }

  @Test
  void minimalEventHasNoTimeAndNoData() {
    EventRecord e = read(Events.MINIMAL);

    assertThat(e.time()).isNull();
    assertThat(e.data()).isNull();
    assertThat(e.partitionTime()).isEqualTo(Events.RECEIVED);
  }

  @Test
  void readsOptionalAttributes() {
    EventRecord e =
        read(
            Events.minimalWith(
                "\"subject\":\"s1\",\"datacontenttype\":\"application/json\","
                    + "\"dataschema\":\"https://example.com/s.json\""));

    assertThat(e.subject()).isEqualTo("s1");
    assertThat(e.datacontenttype()).isEqualTo("application/json");
    assertThat(e.dataschema()).isEqualTo("https://example.com/s.json");
  }

  @Test
  void dataKeepsAnyJsonValueAsCompactText() {
    assertThat(read(Events.minimalWith("\"data\":\"hi\"")).data()).isEqualTo("\"hi\"");
    assertThat(read(Events.minimalWith("\"data\":42")).data()).isEqualTo("42");
    assertThat(read(Events.minimalWith("\"data\":1.50e3")).data()).isEqualTo("1.50e3");
    assertThat(read(Events.minimalWith("\"data\":0.1000000000000000000001")).data())
        .isEqualTo("0.1000000000000000000001");
    assertThat(read(Events.minimalWith("\"data\":false")).data()).isEqualTo("false");
    assertThat(read(Events.minimalWith("\"data\" : [ 1, {\"a\" : [ ] }, \"x\\ny\" ]")).data())
        .isEqualTo("[1,{\"a\":[]},\"x\\ny\"]");
    assertThat(read(Events.minimalWith("\"data\":\"caf\u00e9 \\u2603\"")).data())
        .isEqualTo("\"caf\u00e9 \u2603\"");
  }

  @Test
  void compactObjectsAreTakenAsTheyStandOthersAreRewritten() {
    // already compact, spaces only inside strings: the body's own bytes
    String compact = "{\"page\":\"/home page\",\"tags\":[\"a b\",1.0e2,{}],\"\u00e9\":true}";
    assertThat(read(Events.minimalWith("\"data\":" + compact)).data()).isEqualTo(compact);
    // an escape inside a string: rewritten, so the same value always has the same text
    assertThat(read(Events.minimalWith("\"data\":{\"q\":\"\\u0041\\\"\"}")).data())
        .isEqualTo("{\"q\":\"A\\\"\"}");
    // whitespace between tokens, as a pretty-printer writes: rewritten compact
    assertThat(read(Events.minimalWith("\"data\":{\n  \"a\": [1,\t2]\r\n}")).data())
        .isEqualTo("{\"a\":[1,2]}");
    // the value ends where its object ends, also when more members follow
    assertThat(
            read("{\"data\":{\"x\":{}},\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\","
                    + "\"type\":\"t\"}")
                .data())
        .isEqualTo("{\"x\":{}}");
  }

  @Test
  void nullMeansAbsent() {
    EventRecord e = read(Events.minimalWith("\"data\":null,\"subject\":null,\"ext\":null"));

    assertThat(e.data()).isNull();
    assertThat(e.subject()).isNull();
    assertThat(e.extensions()).isEmpty();
  }

  @Test
  void dataBase64IsStoredAsReceived() {
    assertThat(read(Events.minimalWith("\"data_base64\":\"aGVsbG8=\"")).data())
        .isEqualTo("aGVsbG8=");
  }

  @Test
  void dataAndDataBase64Together() {
    Refusal p = problem(Events.minimalWith("\"data\":{},\"data_base64\":\"aGVsbG8=\""));
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).contains("data_base64");
  }

  @Test
  void extensionsKeepScalarsAsText() {
    EventRecord e =
        read(Events.minimalWith("\"traceparent\":\"00-ab\",\"n\":7,\"f\":2.5,\"b\":true"));

    assertThat(e.extensions())
        .containsExactly(
            Map.entry("traceparent", "00-ab"),
            Map.entry("n", "7"),
            Map.entry("f", "2.5"),
            Map.entry("b", "true"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"ext\":{}", "\"ext\":[1]"})
  void extensionsMustBeScalars(String member) {
    assertThat(problem(Events.minimalWith(member)).detail()).contains("'ext'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Ext", "my_ext", "my-ext", "caf\u00e9", "ID", "Type"})
  void extensionNamesAreLowerCaseAlphanumerics(String name) {
    Refusal p = problem(Events.minimalWith("\"" + name + "\":\"v\""));
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).contains(name);
  }

  @Test
  void twentyCharExtensionNameIsFine() {
    assertThat(read(Events.minimalWith("\"abcdefghijklmnopqrst\":\"v\"")).extensions())
        .containsKey("abcdefghijklmnopqrst");
  }

  /** The spec only recommends 20 characters at most; senders use longer names (issue 19). */
  @Test
  void extensionNamesLongerThan20AreTaken() {
    String name = "traceparentcorrelationidentifier"; // 32
    assertThat(read(Events.minimalWith("\"" + name + "\":\"v\"")).extensions())
        .containsEntry(name, "v");
  }

  @Test
  void extensionNamesPastTheCapAreRefused() {
    String name = "a".repeat(Text.MAX_NAME_CHARS + 1);
    Refusal p = problem(Events.minimalWith("\"" + name + "\":\"v\""));
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).contains("1 to " + Text.MAX_NAME_CHARS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"specversion", "id", "source", "type"})
  void requiredAttributes(String name) {
    Refusal p = problem(Events.minimalWithout(name));
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.kind()).isEqualTo(Refusal.Kind.INVALID_EVENT);
    assertThat(p.detail()).contains("'" + name + "'").contains("missing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"id", "source", "type"})
  void requiredAttributesMustNotBeEmpty(String name) {
    String json =
        Events.MINIMAL.replaceFirst("\"" + name + "\":\"[^\"]*\"", "\"" + name + "\":\"\"");
    assertThat(problem(json).detail()).contains("'" + name + "'").contains("empty");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"id\":5",
        "\"type\":true",
        "\"source\":{}",
        "\"specversion\":1.0",
        "\"time\":1705329000",
        "\"subject\":[]",
        "\"data_base64\":12"
      })
  void wrongJsonTypes(String member) {
    String name = member.substring(1, member.indexOf('"', 1));
    String json = "{" + member + "," + Events.minimalWithout(name).substring(1);
    Refusal p = problem(json);
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).contains("'" + name + "'");
  }

  @Test
  void typeNullIsMissing() {
    Refusal p = problem("{\"type\":null," + Events.minimalWithout("type").substring(1));
    assertThat(p.detail()).contains("'type'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.3", "1", "1.0.0", " 1.0"})
  void specversionMustBe10(String version) {
    String json = Events.MINIMAL.replace("\"1.0\"", "\"" + version + "\"");
    assertThat(problem(json).detail()).contains("specversion");
  }

  @Test
  void timeIsParsedToMicroseconds() {
    EventRecord e = read(Events.minimalWith("\"time\":\"2024-01-15T16:30:00.123456789+02:00\""));
    assertThat(e.time()).isEqualTo(Instant.parse("2024-01-15T14:30:00.123456Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2024-01-15", "2024-01-15T14:30:00", "2024-13-01T00:00:00Z"})
  void badTime(String time) {
    assertThat(problem(Events.minimalWith("\"time\":\"" + time + "\"")).detail()).contains("time");
  }

  @Test
  void typeMayLookLikeAPathButIsLimitedTo255Bytes() {
    assertThat(read(Events.MINIMAL.replace("user.signup", "../../x")).type()).isEqualTo("../../x");
    assertThat(read(Events.MINIMAL.replace("user.signup", "a/b")).type()).isEqualTo("a/b");
    assertThat(read(Events.MINIMAL.replace("user.signup", "t".repeat(255))).type()).hasSize(255);
    assertThat(problem(Events.MINIMAL.replace("user.signup", "t".repeat(256))).detail())
        .contains("255");
    // 128 two-byte characters are 256 bytes
    assertThat(problem(Events.MINIMAL.replace("user.signup", "\u00e9".repeat(128))).detail())
        .contains("255");
  }

  @Test
  void attributesAreLimitedTo4096Chars() {
    assertThat(read(Events.MINIMAL.replace("a-1", "i".repeat(4096))).id()).hasSize(4096);
    assertThat(problem(Events.MINIMAL.replace("a-1", "i".repeat(4097))).detail()).contains("'id'");
    assertThat(problem(Events.minimalWith("\"subject\":\"" + "s".repeat(4097) + "\"")).detail())
        .contains("'subject'");
    assertThat(problem(Events.minimalWith("\"ext\":\"" + "s".repeat(4097) + "\"")).detail())
        .contains("'ext'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"id", "source", "type"})
  void controlCharactersAreRefused(String name) {
    String attr = "\"" + name + "\":\"";
    String json = Events.MINIMAL.replace(attr, attr + "bad\\u0000");
    assertThat(problem(json).detail()).contains("'" + name + "'").contains("control");
    String tab = Events.MINIMAL.replace(attr, attr + "\\t");
    assertThat(problem(tab).detail()).contains("control");
  }

  @Test
  void duplicateKeys() {
    Refusal p = problem("{\"id\":\"1\"," + Events.MINIMAL.substring(1));
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).contains("id");
    assertThat(problem(Events.minimalWith("\"data\":{\"a\":1,\"a\":2}")).status()).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"id\":null,\"id\":\"2\"",
        "\"time\":\"2024-01-15T14:30:00Z\",\"time\":null",
        "\"data\":1,\"data\":2",
        "\"data\":null,\"data\":{}",
        "\"data_base64\":\"aGk=\",\"data_base64\":\"aGk=\"",
        "\"ext\":\"a\",\"ext\":\"b\"",
        "\"ext\":null,\"ext\":\"b\"",
        "\"ext\":\"a\",\"ext\":null",
        "\"ext\":null,\"ext\":null"
      })
  void aMemberMetTwiceIsRefusedEvenWhenOneIsNull(String members) {
    Refusal p = problem(Events.minimalWith(members));
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).contains("more than once");
  }

  @Test
  void duplicateKeysDeepInsideDataAreRefused() {
    String deep = "\"data\":[{\"a\":{\"b\":1,\"c\":2,\"d\":3,\"b\":4}}]";
    assertThat(problem(Events.minimalWith(deep)).detail()).contains("'b'");
    String fine = "\"data\":[{\"a\":{\"b\":1}},{\"a\":{\"b\":1}}]";
    assertThat(read(Events.minimalWith(fine)).data()).isEqualTo(fine.substring(7));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "   ", "{", "{\"id\":", "{'id':'1'}", "[]", "\"just a string\"", "42", "null"})
  void notAnEventObject(String body) {
    Refusal p = problem(body);
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).isNotBlank();
  }

  @Test
  void arrayPointsToTheBatchEndpoint() {
    assertThat(problem("[" + Events.MINIMAL + "]").detail()).contains("/events/batch");
  }

  @Test
  void trailingGarbage() {
    assertThat(problem(Events.MINIMAL + " x").status()).isEqualTo(400);
    assertThat(problem(Events.MINIMAL + Events.MINIMAL).detail()).contains("after");
    assertThat(read(Events.MINIMAL + " \n\t ").id()).isEqualTo("a-1");
  }

  @Test
  void deepNestingIsACleanRefusal() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    Refusal p = problem(Events.minimalWith("\"data\":" + deep));
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).contains("nest");
    String ok = "[".repeat(Json.MAX_DEPTH - 1) + "]".repeat(Json.MAX_DEPTH - 1);
    assertThat(read(Events.minimalWith("\"data\":" + ok)).data()).isEqualTo(ok);
  }

  @Test
  void invalidUtf8() {
    byte[] json = Events.minimalWith("\"subject\":\"xx\"").getBytes();
    int at = new String(json).indexOf("xx");
    json[at] = (byte) 0xc3;
    json[at + 1] = (byte) 0x28;
    EventFormatException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            EventFormatException.class,
            () -> StructuredReader.single(new Body(json, json.length), Events.FACTS));
    assertThat(e.refusal().detail()).contains("UTF-8");
  }

  @Test
  void problemsAreCheapToThrow() {
    assertThatThrownBy(() -> read("{")).isInstanceOf(EventFormatException.class);
    try {
      read("{");
    } catch (EventFormatException e) {
      assertThat(e.getStackTrace()).isEmpty();
    }
  }
}
