package dev.floe.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.cloudevents.EventFormatException;
import org.junit.jupiter.api.Test;

class ProblemTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void rendersRfc9457Members() throws Exception {
    Problem p =
        Problem.of(
            EventFormatException.invalidEvent("required attribute 'id' is missing").refusal());

    JsonNode json = MAPPER.readTree(p.toJson());

    assertThat(json.get("type").asText()).isEqualTo("https://floe.dev/problems/invalid-event");
    assertThat(json.get("title").asText()).isEqualTo("Invalid CloudEvent");
    assertThat(json.get("status").asInt()).isEqualTo(400);
    assertThat(json.get("detail").asText()).isEqualTo("required attribute 'id' is missing");
    assertThat(json.has("index")).isFalse();
  }

  @Test
  void atIndexNamesItInDetailAndMember() throws Exception {
    Problem p = Problem.of(EventFormatException.invalidEvent("bad").at(3).refusal());

    JsonNode json = MAPPER.readTree(p.toJson());

    assertThat(json.get("index").asInt()).isEqualTo(3);
    assertThat(json.get("detail").asText()).isEqualTo("event at index 3: bad");
  }

  @Test
  void escapesWhatItEchoes() throws Exception {
    Problem p = Problem.of(EventFormatException.malformed("got \"\u0000</script>\"").refusal());
    assertThat(MAPPER.readTree(p.toJson()).get("detail").asText())
        .isEqualTo("got \"\u0000</script>\"");
  }
}
