package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.buffer.CommittedPositions;
import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.KilledUnderLoad;
import dev.floe.it.fixtures.KilledUnderLoad.Plan;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FLOE_ROUTES on the real Payara Micro: event types into several tables of one warehouse under
 * concurrent load with a SIGKILL, a route change across a restart, and two nodes writing three
 * tables. Each table must hold exactly its acknowledged events, once, and none of another route's.
 */
class RoutingIT {
  @RegisterExtension static final Harness harness = Harness.with().build();

  /** Three routes and a catch-all over KilledUnderLoad's four types; moved.* for the change. */
  private static final String ROUTES =
      "moved.*=old.moved{timeout_ms=3600000,size=100000,max_size=100000};"
          + " crash.0=web.pageviews; crash.1=app.users{size=50}; crash.b*=shop.batches;"
          + " *=analytics.events";

  private static final Map<String, String> TABLE_OF_TYPE =
      Map.of(
          "crash.0", "web/pageviews",
          "crash.1", "app/users",
          "crash.batch", "shop/batches",
          "crash.2", "analytics/events");

  private static Table table(String location) {
    return TestTables.load(harness.warehouse().resolve(location));
  }

  @Test
  void eachTableHoldsItsAcknowledgedEventsOnceAcrossAKillAndARouteChange() throws Exception {
    FloeServer floe =
        harness
            .newFloe("RoutingIT")
            .property("floe.routes", ROUTES)
            .property("floe.node.id", "node-r")
            .property("iceberg.buffer.timeout.ms", 700) // commits run during the load
            .property("iceberg.buffer.size", 300)
            .build();
    Set<String> acked;
    List<String> moved = new ArrayList<>();
    try (floe) {
      acked = KilledUnderLoad.run(floe, Plan.of(1).senders(4), FloeServer.START_TIMEOUT);
      // the route change: events logged for old.moved, never flushed, then SIGKILL
      Http http = floe.http();
      for (int i = 0; i < 20; i++) {
        moved.add(http.accept("moved-" + i, "moved.thing"));
      }
      floe.kill();
    }
    assertThat(acked).as("events acknowledged under load").hasSizeGreaterThan(100);
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, String> route : TABLE_OF_TYPE.entrySet()) {
      List<Record> rows = TestTables.rows(table(route.getValue()));
      assertThat(rows)
          .as("only %s rows in %s", route.getKey(), route.getValue())
          .allMatch(r -> route.getKey().equals(r.getField("type")));
      List<String> ids = rows.stream().map(r -> (String) r.getField("id")).toList();
      assertThat(KilledUnderLoad.doubled(ids)).as("doubled in %s", route.getValue()).isEmpty();
      seen.addAll(ids);
    }
    assertThat(seen).as("acknowledged ids missing from every table").containsAll(acked);

    // restarted with other routes: what the log holds still goes where it was routed
    FloeServer changed =
        harness
            .newFloe("RoutingIT-changed")
            .property("floe.routes", "moved.*=new.moved; *=analytics.events")
            .property("floe.node.id", "node-r")
            .noTimedFlush()
            .build();
    try (changed) {
      changed.start().awaitReady(FloeServer.START_TIMEOUT);
      List<String> after = changed.http().acceptMany("moved-new-", 5, "moved.thing");
      assertThat(changed.http().flush().statusCode()).isEqualTo(200);
      assertThat(TestTables.ids(table("old/moved")))
          .as("logged for old.moved before the change")
          .containsExactlyInAnyOrderElementsOf(moved);
      assertThat(TestTables.ids(table("new/moved"))).containsExactlyInAnyOrderElementsOf(after);
      changed.stop();
    }
    System.out.printf(
        "RoutingIT: %d acknowledged under load in 4 tables, %d moved%n",
        acked.size(), moved.size());
  }

  @Test
  void twoNodesWriteThreeTablesEachEventOnce() throws Exception {
    String routes = "a.*=two.alpha; b.*=two.beta; *=two.gamma";
    List<FloeServer> nodes = new ArrayList<>();
    for (String node : List.of("node-x", "node-y")) {
      nodes.add(
          FloeServer.builder(harness.dir().resolve("payara-" + node))
              .logFile(FloeServer.logFor("RoutingIT-" + node))
              .property("floe.warehouse", harness.warehouse())
              .property("floe.routes", routes)
              .property("floe.node.id", node)
              .property("iceberg.buffer.timeout.ms", 500)
              .build());
    }
    Map<String, Set<String>> sent = new ConcurrentHashMap<>();
    try {
      for (FloeServer n : nodes) {
        n.start().awaitReady(FloeServer.START_TIMEOUT); // one at a time: cold starts are slow
      }
      List<Thread> senders = new ArrayList<>();
      for (FloeServer n : nodes) {
        String node = n == nodes.get(0) ? "x" : "y";
        Thread t =
            new Thread(
                () -> {
                  Http http = n.http();
                  for (int i = 0; i < 60; i++) {
                    String type = List.of("a.one", "b.two", "c.three").get(i % 3);
                    String id = node + "-" + i;
                    HttpResponse<String> r =
                        http.post("events", "application/json", Http.event(id, type, null));
                    if (r.statusCode() == 202) {
                      sent.computeIfAbsent(type, k -> ConcurrentHashMap.newKeySet()).add(id);
                    }
                  }
                });
        t.start();
        senders.add(t);
      }
      for (Thread t : senders) {
        t.join(60_000);
      }
      for (FloeServer n : nodes) {
        assertThat(n.http().flush().statusCode()).isEqualTo(200);
      }
    } finally {
      nodes.forEach(FloeServer::close);
    }
    Map<String, String> locations =
        Map.of("a.one", "two/alpha", "b.two", "two/beta", "c.three", "two/gamma");
    for (Map.Entry<String, String> e : locations.entrySet()) {
      Table t = table(e.getValue());
      List<String> ids = TestTables.ids(t);
      assertThat(ids).as(e.getValue()).containsExactlyInAnyOrderElementsOf(sent.get(e.getKey()));
      assertThat(
              TestTables.rows(t).stream().map(r -> r.getField("type")).collect(Collectors.toSet()))
          .containsExactly(e.getKey());
      assertThat(sent.get(e.getKey())).hasSize(40); // 20 from each node
      for (String node : List.of("node-x", "node-y")) {
        assertThat(CommittedPositions.inTable(node, t).watermark())
            .as("%s's positions in %s", node, e.getValue())
            .isPositive();
      }
    }
  }
}
