package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's headless chromium (installed with apt-get when missing), for pages under test. */
public final class Chromium {
  private Chromium() {}

  /** The page's DOM after its scripts ran, as headless chromium prints it. */
  public static String render(String url, Path dir) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "dom", ".html");
    Process p =
        new ProcessBuilder(
                executable(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--user-data-dir=" + dir.resolve("chromium-profile"),
                "--virtual-time-budget=5000",
                "--dump-dom",
                url)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static String executable() throws IOException, InterruptedException {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    String sudo = "root".equals(System.getProperty("user.name")) ? "" : "sudo ";
    Process p =
        new ProcessBuilder(
                "sh",
                "-c",
                sudo + "apt-get update -qq && " + sudo + "apt-get install -y -qq chromium")
            .inheritIO()
            .start();
    assertThat(p.waitFor(600, TimeUnit.SECONDS) && p.exitValue() == 0)
        .as("apt-get install chromium")
        .isTrue();
    return "/usr/bin/chromium";
  }
}
