package dev.floe.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the debug and admin answers: records are written with their components in
 * snake case ({@code bufferedCount} is {@code buffered_count}, the seed's spelling), nulls kept.
 * The answers are written here rather than by the server's JSON provider, so every server (Payara's
 * JSON-B, WildFly's) answers the same bytes.
 */
final class OpsJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private OpsJson() {}

  static String write(Object answer) {
    try {
      return MAPPER.writeValueAsString(answer);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
