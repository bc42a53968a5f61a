package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.config.FloeSettings;
import dev.floe.config.Routes;
import dev.floe.event.EventRecord;
import dev.floe.http.ProblemException;
import dev.floe.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnroutedTypesTest {
  private static final Instant T = Instant.parse("2024-05-01T10:15:00Z");

  private static Routes routes(String value) {
    Map<String, String> m = Map.of("floe.routes", value);
    return FloeSettings.from(k -> Optional.ofNullable(m.get(k))).routes();
  }

  @Test
  void withoutACatchAllAnUnmatchedTypeIsA400NamingTheTypeAndTheIndex() {
    List<EventRecord> batch =
        List.of(Fixtures.event("1", "page.view", T), Fixtures.event("2", "order.placed", T));
    assertThatThrownBy(() -> UnroutedTypes.check(routes("page.*=web.pv"), batch))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("'order.placed' matches no route")
        .satisfies(e -> assertThat(e.toString()).contains("order.placed"));
    assertThatCode(() -> UnroutedTypes.check(routes("page.*=web.pv"), List.of(batch.get(0))))
        .doesNotThrowAnyException();
    assertThatCode(() -> UnroutedTypes.check(routes("page.*=web.pv;*=a.b"), batch))
        .doesNotThrowAnyException();
  }

  @Test
  void aBatchReadPerIndexRefusesOnlyItsUnroutedEvents() {
    String json =
        "{\"events\":["
            + "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"page.view\"},"
            + "{\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"s\",\"type\":\"order\"},"
            + "{\"specversion\":\"1.0\",\"id\":\"3\",\"source\":\"s\",\"type\":\"page.x\"}]}";
    byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    dev.floe.cloudevents.BatchOutcome outcome =
        dev.floe.cloudevents.BatchReader.readEach(
            new dev.floe.cloudevents.Body(bytes, bytes.length),
            false,
            10,
            1 << 20,
            new dev.floe.event.RequestFacts(dev.floe.event.CloudflareInfo.NONE, T));
    UnroutedTypes.refuseEach(routes("page.*=web.pv"), outcome);
    assertThat(outcome.accepted()).extracting(EventRecord::id).containsExactly("1", "3");
    assertThat(outcome.refused())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.index()).isEqualTo(1);
              assertThat(r.refusal().detail()).contains("'order' matches no route");
            });
  }
}
