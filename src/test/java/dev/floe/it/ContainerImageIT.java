package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.Processes;
import dev.floe.it.harness.FloeServer;
import dev.floe.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image without a daemon: every COPY of server-config/container/Dockerfile is carried
 * out into a folder laid out as the image's {@code /opt/floe}, and its entrypoint.sh starts Floe
 * from there with the image's environment, as the container would. An event goes in, lands in the
 * table, and SIGTERM stops the JVM cleanly.
 */
class ContainerImageIT {
  @TempDir Path dir;

  @Test
  void theEntrypointRunsFloeFromTheImagesFiles() throws Exception {
    Path root = Path.of(System.getProperty("user.dir"));
    List<String> dockerfile =
        Files.readAllLines(root.resolve("server-config/container/Dockerfile"));
    Path image = dir.resolve("image");
    int copies = 0;
    for (String line : dockerfile) {
      if (!line.startsWith("COPY ")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      Path from = root.resolve(parts[parts.length - 2]);
      Path to =
          image.resolve(parts[parts.length - 1].substring(1)); // /opt/floe/x -> image/opt/floe/x
      assertThat(from).as(line).exists();
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
      copies++;
    }
    assertThat(copies).isEqualTo(5); // jar, war, post-boot and admin-port files, entrypoint
    assertThat(dockerfile).contains("USER 10001", "ENTRYPOINT [\"/opt/floe/entrypoint.sh\"]");
    Path entrypoint = image.resolve("opt/floe/entrypoint.sh");
    assertThat(Files.isExecutable(entrypoint)).isTrue();

    Path log = FloeServer.logFor("ContainerImageIT");
    Files.createDirectories(log.getParent());
    int port = Processes.freePort();
    Path data = dir.resolve("var-lib-floe");
    ProcessBuilder pb =
        new ProcessBuilder(entrypoint.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("PORT", Integer.toString(port));
    pb.environment().put("FLOE_WAL_DIR", data.resolve("wal").toString());
    pb.environment().put("FLOE_WAREHOUSE", data.resolve("warehouse").toString());
    pb.environment().put("FLOE_PAYARA_ROOT", dir.resolve("tmp/floe-payara").toString());
    pb.environment().put("JAVA_OPTS", "-Xmx512m");
    Process floe = Processes.start(pb);
    try {
      Http http = new Http("http://127.0.0.1:" + port + "/");
      long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
      while (!Processes.listening(port) || http.get("health/ready").statusCode() != 200) {
        assertThat(floe.isAlive()).as("Floe is running").isTrue();
        assertThat(System.nanoTime()).as("ready in time").isLessThan(deadline);
        Thread.sleep(500);
      }
      assertThat(
              http.post("events", "application/json", Http.event("img-1", "image.t", null))
                  .statusCode())
          .isEqualTo(202);
      assertThat(http.post("debug/flush", "application/json", "").statusCode()).isEqualTo(200);
      assertThat(TestTables.rows(TestTables.load(data.resolve("warehouse/analytics/events"))))
          .extracting(r -> r.getField("id"))
          .containsExactly("img-1");
    } finally {
      floe.destroy(); // SIGTERM, as the container runtime sends
      assertThat(floe.waitFor(120, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
    }
  }
}
