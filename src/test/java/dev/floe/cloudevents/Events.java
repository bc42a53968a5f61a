package dev.floe.cloudevents;

import dev.floe.event.CloudflareInfo;
import dev.floe.event.RequestFacts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Named CloudEvent fixtures and helpers for the ingest tests. */
final class Events {
  private Events() {}

  /** The seed's curl example. */
  static final String PAGE_VIEW =
      """
      {
        "specversion": "1.0",
        "type": "page.view",
        "source": "website",
        "id": "123",
        "time": "2024-01-15T14:30:00Z",
        "data": {"page": "/home"}
      }""";

  /** Only the required attributes. */
  static final String MINIMAL =
      """
      {"specversion":"1.0","type":"user.signup","source":"/signup","id":"a-1"}""";

  static final Instant RECEIVED = Instant.parse("2024-01-15T15:00:00Z");
  static final RequestFacts FACTS = new RequestFacts(CloudflareInfo.NONE, RECEIVED);

  static Body body(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new Body(bytes, bytes.length);
  }

  /** {@link #MINIMAL} with {@code members} (JSON object members, e.g. {@code "a":1}) added. */
  static String minimalWith(String members) {
    return MINIMAL.substring(0, MINIMAL.length() - 1) + "," + members + "}";
  }

  /** {@link #MINIMAL} without the attribute {@code name}. */
  static String minimalWithout(String name) {
    String json = MINIMAL;
    int at = json.indexOf("\"" + name + "\"");
    if (at < 0) {
      return json;
    }
    int end = json.indexOf('"', json.indexOf('"', json.indexOf(':', at) + 1) + 1) + 1;
    String rest = json.substring(end);
    String head = json.substring(0, at);
    if (rest.startsWith(",")) {
      rest = rest.substring(1);
    } else if (head.endsWith(",")) {
      head = head.substring(0, head.length() - 1);
    }
    return head + rest;
  }
}
