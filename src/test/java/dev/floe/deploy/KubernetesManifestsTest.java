package dev.floe.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * server-config/kubernetes as {@code kubectl kustomize} renders it (skipped where kubectl is
 * missing): a StatefulSet whose pods each keep their write-ahead log on their own volume and take
 * their node id from the pod name, with the three probes on Floe's health checks and a grace period
 * for the final flush.
 */
class KubernetesManifestsTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Map<String, JsonNode> BY_KIND = new HashMap<>();
  private static final Map<String, JsonNode> ACK_COMMIT = new HashMap<>();

  @BeforeAll
  static void render() throws Exception {
    assumeTrue(kubectl(), "kubectl is not installed");
    render("server-config/kubernetes", BY_KIND);
    render("server-config/kubernetes/ack-commit", ACK_COMMIT);
  }

  private static void render(String dir, Map<String, JsonNode> into) throws Exception {
    Process p =
        new ProcessBuilder("kubectl", "kustomize", dir)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0)
        .as("kubectl kustomize " + dir)
        .isTrue();
    YAMLFactory yamlFactory = new YAMLFactory();
    try (YAMLParser parser = yamlFactory.createParser(yaml)) {
      for (JsonNode doc : JSON.readValues(parser, JsonNode.class).readAll()) {
        String key = doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText();
        into.put(key, doc);
      }
    }
  }

  private static boolean kubectl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, "kubectl").canExecute()) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aStatefulSetWithAVolumeAndANodeIdPerPod() {
    JsonNode sts = BY_KIND.get("StatefulSet/floe");
    assertThat(sts).isNotNull();
    JsonNode pod = sts.path("spec").path("template").path("spec");
    JsonNode floe = pod.path("containers").get(0);
    assertThat(floe.path("image").asText()).isEqualTo("registry.example.com/floe:latest");
    assertThat(floe.path("env").findValues("fieldPath"))
        .extracting(JsonNode::asText)
        .containsExactly("metadata.name");
    assertThat(floe.path("env").get(0).path("name").asText()).isEqualTo("FLOE_NODE_ID");
    assertThat(
            sts.path("spec")
                .path("volumeClaimTemplates")
                .get(0)
                .path("metadata")
                .path("name")
                .asText())
        .isEqualTo("data");
    assertThat(floe.path("volumeMounts").findValuesAsText("mountPath"))
        .contains("/var/lib/floe", "/tmp");
    assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThanOrEqualTo(60);
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(floe.path("resources").path("requests").path("memory").asText()).isNotEmpty();
  }

  @Test
  void probesOnFloesHealthChecks() {
    JsonNode floe =
        BY_KIND
            .get("StatefulSet/floe")
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0);
    assertThat(floe.path("startupProbe").path("httpGet").path("path").asText())
        .isEqualTo("/health/started");
    assertThat(floe.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/health/live");
    assertThat(floe.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/health/ready");
  }

  @Test
  void servicesSecretAndSettings() {
    assertThat(BY_KIND)
        .containsKeys(
            "Service/floe",
            "Service/floe-pods",
            "Secret/floe-secrets",
            "ConfigMap/floe-config",
            "PodDisruptionBudget/floe");
    assertThat(BY_KIND.get("Service/floe-pods").path("spec").path("clusterIP").asText())
        .isEqualTo("None");
    assertThat(BY_KIND.get("Secret/floe-secrets").path("stringData").fieldNames())
        .toIterable()
        .contains("R2_SECRET_ACCESS_KEY", "FLOE_ADMIN_TOKEN");
  }

  @Test
  void theAckCommitVariantIsADeploymentWithoutVolumeClaimsAndAShortBufferTimeout() {
    assertThat(ACK_COMMIT)
        .containsKeys("Deployment/floe", "Service/floe", "Secret/floe-secrets")
        .doesNotContainKeys("StatefulSet/floe", "Service/floe-pods");
    JsonNode settings = ACK_COMMIT.get("ConfigMap/floe-config").path("data");
    assertThat(settings.path("FLOE_ACK").asText()).isEqualTo("commit");
    assertThat(settings.path("ICEBERG_BUFFER_TIMEOUT_MS").asLong()).isBetween(100L, 5000L);
    JsonNode deployment = ACK_COMMIT.get("Deployment/floe");
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    assertThat(
            deployment
                .path("spec")
                .path("selector")
                .path("matchLabels")
                .path("app.kubernetes.io/name")
                .asText())
        .isEqualTo("floe");
    assertThat(pod.path("volumes").findValues("persistentVolumeClaim")).isEmpty();
    assertThat(pod.path("volumes").findValues("emptyDir")).hasSize(2);
    JsonNode floe = pod.path("containers").get(0);
    assertThat(floe.path("image").asText()).isEqualTo("registry.example.com/floe:latest");
    assertThat(floe.path("env").get(0).path("name").asText()).isEqualTo("FLOE_NODE_ID");
    assertThat(floe.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/health/ready");
    assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThanOrEqualTo(60);
  }
}
