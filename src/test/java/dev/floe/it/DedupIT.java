package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import dev.floe.testing.TestTables;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With FLOE_DEDUP_WINDOW set, a client retry of an event already accepted, by (source, id), gets
 * its 2xx but no second row, also after a crash and restart.
 */
class DedupIT {
  @RegisterExtension
  static final Harness harness =
      Harness.with().floe(f -> f.noTimedFlush().env("FLOE_DEDUP_WINDOW", "10m")).build();

  @Test
  void retriesMakeNoSecondRow() {
    FloeServer floe = harness.floe();
    Http http = floe.http();
    assertThat(post(http, "one")).isEqualTo(202);
    assertThat(post(http, "one")).as("a retry").isEqualTo(202);
    List<String> batch =
        List.of("one", "two", "two").stream()
            .map(id -> Http.event(id, "dedup.test", null))
            .toList();
    assertThat(http.postBatch(batch).statusCode()).isEqualTo(202);

    floe.kill();
    floe.start().awaitReady(FloeServer.START_TIMEOUT);
    assertThat(post(floe.http(), "two")).as("a retry after the restart").isEqualTo(202);
    assertThat(post(floe.http(), "three")).isEqualTo(202);
    assertThat(floe.http().flush().statusCode()).isEqualTo(200);
    assertThat(TestTables.ids(harness.table())).containsExactlyInAnyOrder("one", "two", "three");
  }

  private static int post(Http http, String id) {
    return http.post("events", "application/json", Http.event(id, "dedup.test", null)).statusCode();
  }
}
