package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Chromium;
import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The status page at /admin in a real headless browser (Debian's chromium, installed when missing):
 * after events are sent it shows their numbers and their partition.
 */
class AdminPageIT {
  @RegisterExtension
  static final Harness harness = Harness.with().floe(FloeServer.Builder::noTimedFlush).build();

  @Test
  void thePageShowsLiveNumbers() throws Exception {
    FloeServer floe = harness.floe();
    Http http = floe.http();
    for (int i = 0; i < 5; i++) {
      String event = Http.event("p" + i, "page.test", "2024-01-15T14:30:00Z");
      assertThat(http.post("events", "application/json", event).statusCode()).isEqualTo(202);
    }
    String dom = render(floe.baseUrl() + "admin");
    assertThat(dom).contains("<b id=\"accepted\">5</b>").contains("<b id=\"buffered\">5</b>");
    assertThat(dom).contains("data-partition=\"page.test/2024-01-15-14\"");
    assertThat(dom).contains("direct-local catalog").contains(": ready");

    assertThat(http.flush().statusCode()).isEqualTo(200);
    String after = render(floe.baseUrl() + "admin");
    assertThat(after).contains("<b id=\"committed\">5</b>").contains("<b id=\"buffered\">0</b>");
    assertThat(after).containsPattern("<td>1</td><td>5</td><td>\\d+</td></tr>"); // files, rows, ms
  }

  private static String render(String url) throws Exception {
    return Chromium.render(url, harness.dir());
  }
}
