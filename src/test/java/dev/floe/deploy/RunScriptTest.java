package dev.floe.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/run.sh in a copy of the project whose {@code mvnw} and {@code java} only record their
 * calls: it builds on a first run and after a source changed, and starts the WAR without building
 * when the WAR is newer than pom.xml and src/main.
 */
class RunScriptTest {
  @TempDir Path project;

  @Test
  void buildsOnlyWhenTheWarIsOlderThanItsSources() throws Exception {
    Instant past = Instant.now().minusSeconds(3600);
    Files.createDirectories(project.resolve("scripts"));
    Files.copy(Path.of("scripts/run.sh"), project.resolve("scripts/run.sh"));
    write("pom.xml", "<project/>", past);
    write(".mvn/wrapper/maven-wrapper.properties", "", past);
    write("src/main/java/A.java", "class A {}", past);
    write("server-config/payara-micro/jvm.options", "# none\n-Xmx64m\n", past);
    executable(
        "mvnw",
        "echo \"$*\" >> build.log; mkdir -p target; touch target/floe.war target/payara-micro.jar");
    executable("bin/java", "echo \"$*\" > java.log");

    String first = run();
    assertThat(builds()).containsExactly("-B -DskipTests package");
    assertThat(first).contains("building target/floe.war");
    assertThat(Files.readString(project.resolve("java.log"))).contains("--deploy target/floe.war");

    assertThat(run()).contains("not rebuilding");
    assertThat(builds()).hasSize(1);

    write("src/main/java/A.java", "class A { int x; }", Instant.now().plusSeconds(5));
    run();
    assertThat(builds()).hasSize(2);
  }

  private String run() throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", "scripts/run.sh")
            .directory(project.toFile())
            .redirectErrorStream(true);
    pb.environment().put("PATH", project.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().remove("FLOE_BUILD");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private List<String> builds() throws IOException {
    return Files.readAllLines(project.resolve("build.log"));
  }

  private void write(String name, String text, Instant modified) throws IOException {
    Path file = project.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(modified));
  }

  private void executable(String name, String body) throws IOException {
    write(name, "#!/bin/sh\n" + body + "\n", Instant.now());
    Files.setPosixFilePermissions(
        project.resolve(name), PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
