package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.Processes;
import dev.floe.it.harness.FloeServer;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 5 on the real server: a node with {@code FLOE_NODE_ID} set commits 200 events and
 * stops; its log folder is wiped (a new volume); it starts again under the same id with an empty
 * log, whose positions restart at 1 while the table says the node is at 200. It acknowledges 100
 * events of one type (left buffered) and 10 of another (flushed), is killed with SIGKILL and
 * started again: every acknowledged event is in the table exactly once.
 */
class FreshLogUnderOldNodeIdIT {
  @TempDir Path dir;

  @Test
  void aWipedLogUnderTheSameNodeIdKeepsEveryAcknowledgedEvent() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    List<String> acked = new ArrayList<>();
    try (FloeServer floe =
        FloeServer.builder(dir.resolve("payara"))
            .logFile(FloeServer.logFor("FreshLogUnderOldNodeIdIT"))
            .property("floe.warehouse", warehouse)
            .property("floe.node.id", "node-1")
            .property("iceberg.buffer.timeout.ms", 3_600_000) // only the test flushes
            .build()) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      Http http = floe.http();
      for (int i = 0; i < 200; i++) {
        send(http, "old-" + i, "old.type", acked);
      }
      assertThat(http.post("debug/flush", "application/json", "").statusCode()).isEqualTo(200);
      floe.stop();

      Processes.deleteTree(floe.walDir()); // a new volume: the log starts empty, at position 1
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      for (int i = 0; i < 100; i++) {
        send(http, "buffered-" + i, "fresh.buffered", acked);
      }
      for (int i = 0; i < 10; i++) {
        send(http, "flushed-" + i, "fresh.flushed", acked);
      }
      HttpResponse<String> flush = http.post("debug/flush/fresh.flushed", "application/json", "");
      assertThat(flush.statusCode()).as(flush.body()).isEqualTo(200);
      floe.kill(); // the 100 buffered events are only in the log

      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      flush = http.post("debug/flush", "application/json", "");
      assertThat(flush.statusCode()).as(flush.body()).isEqualTo(200);
    }

    Map<String, Long> counts =
        TestTables.rows(TestTables.load(warehouse.resolve("analytics/events"))).stream()
            .map(r -> (String) r.getField("id"))
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(acked).hasSize(310);
    assertThat(counts.keySet()).as("acknowledged ids missing from the table").containsAll(acked);
    assertThat(counts.values()).as("every id once").containsOnly(1L);
    assertThat(counts).hasSize(310);
  }

  private static void send(Http http, String id, String type, List<String> acked) {
    HttpResponse<String> r = http.post("events", "application/json", Http.event(id, type, null));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    acked.add(id);
  }
}
