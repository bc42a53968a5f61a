package dev.floe.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.floe.cloudevents.Refusal;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document ({@code META-INF/openapi.yaml}, served at {@code /openapi}) describes every
 * JAX-RS operation of Floe, the bodies and the problem answers with {@code Retry-After}; every
 * problem type has its page.
 */
class OpenApiDocumentTest {
  private static final java.nio.file.Path MAIN = Paths.get("src/main/java");

  private static JsonNode document() throws IOException {
    return new ObjectMapper(new YAMLFactory())
        .readTree(Paths.get("src/main/resources/META-INF/openapi.yaml").toFile());
  }

  @Test
  void everyResourceOperationIsInTheDocument() throws Exception {
    Set<String> operations = operationsInCode();
    assertThat(operations).contains("post /events", "post /events/batch", "get /admin/metrics");
    JsonNode paths = document().path("paths");
    Set<String> documented = new TreeSet<>();
    paths
        .fields()
        .forEachRemaining(
            p ->
                p.getValue()
                    .fieldNames()
                    .forEachRemaining(m -> documented.add(m + " " + p.getKey())));
    assertThat(documented).containsAll(operations);
  }

  @Test
  void bodiesProblemsAndRetryAfterAreDescribed() throws IOException {
    JsonNode doc = document();
    JsonNode schemas = doc.path("components").path("schemas");
    assertThat(schemas.path("CloudEvent").path("required").toString())
        .contains("specversion", "id", "source", "type");
    assertThat(schemas.has("Batch")).isTrue();
    assertThat(schemas.has("CloudEventArray")).isTrue();
    assertThat(schemas.path("Problem").path("properties").has("detail")).isTrue();
    JsonNode events = doc.path("paths").path("/events").path("post");
    assertThat(events.path("requestBody").path("content").has("application/cloudevents-batch+json"))
        .isTrue();
    for (String status : new String[] {"429", "503", "507"}) {
      assertThat(events.path("responses").path(status).path("$ref").asText())
          .endsWith("RetryLater");
    }
    assertThat(
            doc.path("components")
                .path("responses")
                .path("RetryLater")
                .path("headers")
                .has("Retry-After"))
        .isTrue();
  }

  @Test
  void everyProblemTypeHasAPage() throws IOException {
    for (Refusal.Kind k : Refusal.Kind.values()) {
      assertThat(ProblemPages.PAGES).containsKey(k.slug());
      assertThat(ProblemPages.PAGES.get(k.slug()).status()).isEqualTo(k.status());
    }
    Set<String> used = new TreeSet<>();
    try (Stream<java.nio.file.Path> files = Files.walk(MAIN)) {
      for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("BASE \\+ \"([a-z-]+)\"").matcher(Files.readString(f));
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    assertThat(used).isNotEmpty();
    assertThat(ProblemPages.PAGES.keySet()).containsAll(used);
    assertThat(new ProblemPages().page("buffer-full")).contains("Retry-After", "507");
  }

  /** "method /path" for every resource method of Floe, path templates without their regex. */
  static Set<String> operationsInCode() throws Exception {
    Set<String> out = new TreeSet<>();
    try (Stream<java.nio.file.Path> files = Files.walk(MAIN)) {
      for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String name = MAIN.relativize(f).toString().replace('/', '.').replaceAll("\\.java$", "");
        if (name.endsWith("package-info")) {
          continue;
        }
        Class<?> c = Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader());
        Path root = c.getAnnotation(Path.class);
        if (root == null) {
          continue;
        }
        for (Method m : c.getDeclaredMethods()) {
          String verb = verb(m);
          if (verb != null) {
            Path sub = m.getAnnotation(Path.class);
            String path = "/" + root.value() + (sub == null ? "" : "/" + sub.value());
            out.add(verb.toLowerCase() + " " + path.replaceAll("\\{(\\w+):[^}]*}", "{$1}"));
          }
        }
      }
    }
    return out;
  }

  private static String verb(Method m) {
    for (var a : m.getAnnotations()) {
      HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
      if (h != null) {
        return h.value();
      }
    }
    return null;
  }
}
