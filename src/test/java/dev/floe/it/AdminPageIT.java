package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page at /admin in a real headless browser (Debian's chromium, installed when missing):
 * after events are sent it shows their numbers and their partition.
 */
class AdminPageIT {
  @TempDir Path dir;

  @Test
  void thePageShowsLiveNumbers() throws Exception {
    try (FloeServer floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(FloeServer.logFor("AdminPageIT"))
            .property("floe.warehouse", dir.resolve("warehouse"))
            .property("iceberg.buffer.timeout.ms", 3_600_000)
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = floe.http();
      for (int i = 0; i < 5; i++) {
        assertThat(
                http.post(
                        "events",
                        "application/json",
                        Http.event("p" + i, "page.test", "2024-01-15T14:30:00Z"))
                    .statusCode())
            .isEqualTo(202);
      }
      String dom = render(floe.baseUrl() + "admin");
      assertThat(dom).contains("<b id=\"accepted\">5</b>").contains("<b id=\"buffered\">5</b>");
      assertThat(dom).contains("data-partition=\"page.test/2024-01-15-14\"");
      assertThat(dom).contains("direct-local catalog").contains(": ready");

      assertThat(http.post("debug/flush", "application/json", "").statusCode()).isEqualTo(200);
      String after = render(floe.baseUrl() + "admin");
      assertThat(after).contains("<b id=\"committed\">5</b>").contains("<b id=\"buffered\">0</b>");
      assertThat(after)
          .containsPattern("<td>1</td><td>5</td><td>\\d+</td></tr>"); // files, rows, ms
    }
  }

  private String render(String url) throws Exception {
    return Chromium.render(url, dir);
  }
}
