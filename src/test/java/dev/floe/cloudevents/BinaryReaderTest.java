package dev.floe.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.event.EventRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BinaryReaderTest {

  private static Map<String, String> pageViewHeaders() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("specversion", "1.0");
    h.put("type", "page.view");
    h.put("source", "website");
    h.put("id", "123");
    h.put("time", "2024-01-15T14:30:00Z");
    return h;
  }

  private static EventRecord read(Map<String, String> headers, String contentType, Body body) {
    return BinaryReader.read(
        headers, contentType, ContentType.parse(contentType), body, Events.FACTS);
  }

  private static Refusal problem(Map<String, String> headers, String contentType, Body body) {
    try {
      read(headers, contentType, body);
    } catch (EventFormatException e) {
      return e.refusal();
    }
    throw new AssertionError("accepted");
  }

  @Test
  void readsThePageViewFromHeaders() {
    EventRecord e =
        read(pageViewHeaders(), "application/json", Events.body("{ \"page\" : \"/home\" }"));

    assertThat(e.id()).isEqualTo("123");
    assertThat(e.type()).isEqualTo("page.view");
    assertThat(e.source()).isEqualTo("website");
    assertThat(e.time()).isEqualTo(Instant.parse("2024-01-15T14:30:00Z"));
    assertThat(e.datacontenttype()).isEqualTo("application/json");
    assertThat(e.data()).isEqualTo("{\"page\":\"/home\"}");
  }

  @Test
  void otherCeHeadersAreExtensions() {
    Map<String, String> h = pageViewHeaders();
    h.put("traceparent", "00-abc-01");
    h.put("subject", "home");

    EventRecord e = read(h, null, Body.EMPTY);

    assertThat(e.extensions()).containsExactly(Map.entry("traceparent", "00-abc-01"));
    assertThat(e.subject()).isEqualTo("home");
    assertThat(e.data()).isNull();
    assertThat(e.datacontenttype()).isNull();
  }

  @Test
  void valuesArePercentDecoded() {
    Map<String, String> h = pageViewHeaders();
    h.put("subject", "caf%C3%A9%20%22au%20lait%22%25");
    assertThat(read(h, null, Body.EMPTY).subject()).isEqualTo("caf\u00e9 \"au lait\"%");
  }

  @Test
  void percentDecoding() {
    assertThat(BinaryReader.decode("x", "plain value")).isEqualTo("plain value");
    assertThat(BinaryReader.decode("x", "%e2%98%83")).isEqualTo("\u2603");
    // raw UTF-8 octets, as the container hands them over (one char per byte)
    assertThat(BinaryReader.decode("x", "caf\u00c3\u00a9")).isEqualTo("caf\u00e9");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "%4", "%zz", "abc%G1", "%C3", "%C0%80", "%ED%A0%80", "\u2603"})
  void badPercentEncodingIs400(String raw) {
    Map<String, String> h = pageViewHeaders();
    h.put("subject", raw);
    Refusal p = problem(h, null, Body.EMPTY);
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).contains("ce-subject");
  }

  @Test
  void controlCharacterAfterDecodingIsRefused() {
    Map<String, String> h = pageViewHeaders();
    h.put("type", "page%0Aview");
    assertThat(problem(h, null, Body.EMPTY).detail()).contains("'type'").contains("control");
  }

  @ParameterizedTest
  @ValueSource(strings = {"specversion", "id", "source", "type"})
  void requiredHeaders(String name) {
    Map<String, String> h = pageViewHeaders();
    h.remove(name);
    assertThat(problem(h, null, Body.EMPTY).detail()).contains("'" + name + "'");
  }

  @Test
  void sameRulesAsStructured() {
    Map<String, String> h = pageViewHeaders();
    h.put("specversion", "0.3");
    assertThat(problem(h, null, Body.EMPTY).detail()).contains("specversion");
    h = pageViewHeaders();
    h.put("time", "2024-01-15 14:30");
    assertThat(problem(h, null, Body.EMPTY).detail()).contains("time");
    h = pageViewHeaders();
    h.put("my_ext", "x");
    assertThat(problem(h, null, Body.EMPTY).detail()).contains("my_ext");
  }

  @Test
  void datacontenttypeComesFromContentTypeOnly() {
    Map<String, String> h = pageViewHeaders();
    h.put("datacontenttype", "text/plain");
    assertThat(problem(h, null, Body.EMPTY).detail()).contains("Content-Type");
  }

  @Test
  void jsonBodyMustBeValidJson() {
    assertThat(problem(pageViewHeaders(), "application/json", Events.body("{nope")).status())
        .isEqualTo(400);
    assertThat(problem(pageViewHeaders(), "application/json", Events.body("{} {}")).status())
        .isEqualTo(400);
    assertThat(read(pageViewHeaders(), "application/vnd.floe+json", Events.body("[1, 2]")).data())
        .isEqualTo("[1,2]");
  }

  @Test
  void textBodyBecomesAJsonString() {
    EventRecord e =
        read(pageViewHeaders(), "text/plain; charset=utf-8", Events.body("hello \"world\"\n"));
    assertThat(e.data()).isEqualTo("\"hello \\\"world\\\"\\n\"");
    assertThat(e.datacontenttype()).isEqualTo("text/plain; charset=utf-8");
  }

  @Test
  void textInAnotherCharsetIsDecoded() {
    byte[] latin = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
    EventRecord e =
        read(pageViewHeaders(), "text/plain; charset=ISO-8859-1", new Body(latin, latin.length));
    assertThat(e.data()).isEqualTo("\"caf\u00e9\"");
  }

  @Test
  void invalidUtf8TextIs400() {
    byte[] bad = {'a', (byte) 0xff};
    assertThat(problem(pageViewHeaders(), "text/plain", new Body(bad, 2)).status()).isEqualTo(400);
  }

  @Test
  void otherBodiesAreBase64() {
    byte[] bytes = {0, 1, 2, (byte) 0xff, 9, 9};
    EventRecord e = read(pageViewHeaders(), "application/octet-stream", new Body(bytes, 4));
    assertThat(e.data()).isEqualTo(Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, -1}));
    assertThat(read(pageViewHeaders(), null, new Body(bytes, 4)).data()).isEqualTo(e.data());
  }

  @Test
  void emptyBodyMeansNoData() {
    assertThat(read(pageViewHeaders(), "application/json", Body.EMPTY).data()).isNull();
  }

  @Test
  void duplicateKeysInAJsonBodyAreRefused() {
    Refusal p =
        problem(
            pageViewHeaders(),
            "application/json",
            Events.body("{\"page\":\"/a\",\"n\":{\"x\":1,\"x\":2}}"));
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).contains("'x'");
    assertThat(
            problem(pageViewHeaders(), "application/json", Events.body("{\"a\":1,\"a\":2}"))
                .detail())
        .contains("'a'");
  }
}
