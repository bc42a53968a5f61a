package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.KilledUnderLoad;
import dev.floe.it.fixtures.KilledUnderLoad.Plan;
import dev.floe.it.fixtures.Processes;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code FLOE_ACK=commit} on the real Payara Micro: a 2xx comes only once the request's events are
 * in a committed snapshot, so a pod that loses its disk with the process loses nothing it
 * acknowledged.
 */
class AckCommitIT {
  private static final int CYCLES = 2;
  private static final int SENDERS = 48; // each waits for a commit: many requests in flight

  @RegisterExtension static final Harness harness = Harness.with().build();

  private FloeServer.Builder commitMode(String log) {
    return harness
        .newFloe(log)
        .property("floe.ack", "commit")
        .property("iceberg.buffer.timeout.ms", 500)
        .property("iceberg.buffer.size", 200);
  }

  @Test
  void killedUnderLoadWithItsLogDeletedEveryAcknowledgedEventIsInTheTableOnce() throws Exception {
    FloeServer floe = commitMode("AckCommitIT-kill").build();
    Set<String> acked;
    try (floe) {
      Plan plan =
          Plan.of(CYCLES)
              .senders(SENDERS)
              .loadMs(6000)
              .types("ack")
              .afterKill(dead -> Processes.deleteTree(dead.walDir())); // the pod's disk goes too
      acked = KilledUnderLoad.run(floe, plan, FloeServer.START_TIMEOUT);
    }

    assertThat(acked).as("events acknowledged before the kills").hasSizeGreaterThan(300);
    List<String> ids = TestTables.ids(harness.table());
    assertThat(KilledUnderLoad.doubled(ids)).as("ids in the table more than once").isEmpty();
    assertThat(ids).as("acknowledged ids missing from the table").containsAll(acked);
    System.out.printf(
        "Ack-after-commit crash test: %d cycles, %d events acknowledged, %d rows in the table%n",
        CYCLES, acked.size(), ids.size());
  }

  @Test
  void theAnswerComesWhenTheRowsAreInTheTableAndA503WhenTheCommitTakesTooLong() throws Exception {
    try (FloeServer floe = commitMode("AckCommitIT-visible").build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = floe.http();
      for (int i = 0; i < 3; i++) {
        String id = "visible-" + i;
        long start = System.nanoTime();
        HttpResponse<String> r =
            http.post("events", "application/json", Http.event(id, "ack.visible", null));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(TestTables.ids(harness.table(), "ack.visible"))
            .as("read at the moment of the answer, after %d ms", waitedMs)
            .contains(id);
      }
      List<String> batch = List.of("visible-x", "visible-y");
      HttpResponse<String> r =
          http.postBatch(
              List.of(
                  Http.event("visible-x", "ack.visible", null),
                  Http.event("visible-y", "ack.other", null)));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      assertThat(TestTables.ids(harness.table())).containsAll(batch);
    }

    // a commit that cannot come in time: the request gets 503 + Retry-After, the event still lands
    try (FloeServer floe =
        harness
            .newFloe("AckCommitIT-timeout")
            .property("floe.ack", "commit")
            .property("floe.ack.timeout.ms", 300)
            .noTimedFlush()
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      HttpResponse<String> r =
          floe.http().post("events", "application/json", Http.event("late-1", "ack.late", null));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(new ObjectMapper().readTree(r.body()).get("type").asText())
          .isEqualTo("https://floe.dev/problems/not-committed");
      assertThat(TestTables.ids(harness.table(), "ack.late")).isEmpty();
      assertThat(floe.http().flush().statusCode()).isEqualTo(200);
      assertThat(TestTables.ids(harness.table(), "ack.late")).containsExactly("late-1");
    }
  }
}
