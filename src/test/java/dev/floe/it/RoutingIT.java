package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.buffer.CommittedPositions;
import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.KilledUnderLoad;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FLOE_ROUTES on the real Payara Micro: event types into several tables of one warehouse under
 * concurrent load with a SIGKILL, a route change across the restart, and two nodes writing three
 * tables. Each table must hold exactly its acknowledged events, once, and none of another route's.
 * Three server starts in all, two of them side by side.
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

  /** Node-r after the route change, and node-y: both write the two.* tables. */
  private static final String CHANGED =
      "moved.*=new.moved; a.*=two.alpha; b.*=two.beta; *=two.gamma";

  /**
   * Three server starts in all: node-r (the four crash tables, under load, SIGKILL) and node-y
   * start side by side; node-r comes back with other routes, recovers its log into the tables it
   * was written for, and then writes the two.* tables beside node-y.
   */
  @Test
  void eachTableHoldsItsAcknowledgedEventsOnceAcrossAKillARouteChangeAndTwoNodes()
      throws Exception {
    FloeServer floe =
        harness
            .newFloe("RoutingIT")
            .property("floe.routes", ROUTES)
            .property("floe.node.id", "node-r")
            .property("iceberg.buffer.timeout.ms", 700) // commits run during the load
            .property("iceberg.buffer.size", 300)
            .build();
    FloeServer nodeY =
        FloeServer.builder(harness.dir().resolve("payara-node-y"))
            .logFile(FloeServer.logFor("RoutingIT-node-y"))
            .property("floe.warehouse", harness.warehouse())
            .property("floe.routes", CHANGED)
            .property("floe.node.id", "node-y")
            .property("iceberg.buffer.timeout.ms", 500)
            .build();
    try {
      runRoutes(floe, nodeY);
    } finally {
      nodeY.close();
    }
  }

  private void runRoutes(FloeServer floe, FloeServer nodeY) throws Exception {
    Set<String> acked = ConcurrentHashMap.newKeySet();
    List<String> moved = new ArrayList<>();
    try (floe) {
      floe.start();
      nodeY.start();
      floe.awaitReady(FloeServer.START_TIMEOUT);
      // the route change: events logged for old.moved, never flushed before the SIGKILL
      for (int i = 0; i < 20; i++) {
        moved.add(floe.http().accept("moved-" + i, "moved.thing"));
      }
      underLoad(floe, acked); // SIGKILL mid-load
      nodeY.awaitReady(FloeServer.START_TIMEOUT);
    }
    FloeServer changed =
        harness
            .newFloe("RoutingIT-changed")
            .property("floe.routes", CHANGED)
            .property("floe.node.id", "node-r")
            .property("iceberg.buffer.timeout.ms", 500)
            .build();
    Map<String, Set<String>> sent = new ConcurrentHashMap<>();
    List<String> after;
    try (changed) {
      changed.start().awaitReady(FloeServer.START_TIMEOUT);
      assertThat(changed.http().flush().statusCode()).isEqualTo(200);
      assertCrashTables(acked);
      assertThat(TestTables.ids(table("old/moved")))
          .as("logged for old.moved before the change")
          .containsExactlyInAnyOrderElementsOf(moved);
      after = changed.http().acceptMany("moved-new-", 5, "moved.thing");
      twoNodesSend(List.of(changed, nodeY), sent);
      assertThat(changed.http().flush().statusCode()).isEqualTo(200);
      assertThat(nodeY.http().flush().statusCode()).isEqualTo(200);
      assertThat(TestTables.ids(table("new/moved"))).containsExactlyInAnyOrderElementsOf(after);
      changed.stop();
    }
    assertTwoNodeTables(sent, "node-r", "node-y");
    System.out.printf(
        "RoutingIT: %d acknowledged under load in 4 tables, %d moved%n",
        acked.size(), moved.size());
  }

  /** Three senders of the four crash types (every tenth request a batch) until a SIGKILL. */
  private static void underLoad(FloeServer floe, Set<String> acked) throws InterruptedException {
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      String prefix = "t" + t + "-";
      Http http = floe.http();
      Thread sender =
          new Thread(
              () -> {
                for (int i = 0; running.get(); i++) {
                  try {
                    if (i % 10 == 9) {
                      List<String> ids = List.of(prefix + i + "a", prefix + i + "b");
                      List<String> events =
                          ids.stream().map(id -> Http.event(id, "crash.batch", null)).toList();
                      if (http.postBatch(events).statusCode() == 202) {
                        acked.addAll(ids);
                      }
                    } else if (http.post(
                                "events",
                                "application/json",
                                Http.event(prefix + i, "crash." + (i % 3), null))
                            .statusCode()
                        == 202) {
                      acked.add(prefix + i);
                    }
                  } catch (RuntimeException e) {
                    // the server is gone: what was not answered 202 may or may not land
                  }
                }
              });
      sender.start();
      senders.add(sender);
    }
    Thread.sleep(1500 + new Random().nextInt(1500));
    floe.kill();
    running.set(false);
    for (Thread s : senders) {
      s.join(30_000);
    }
    assertThat(acked).as("events acknowledged under load").hasSizeGreaterThan(100);
  }

  /** Each crash table holds only its type's rows, each once, and every acknowledged event. */
  private static void assertCrashTables(Set<String> acked) {
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
  }

  /** 60 events of three types from each node at once; notes each 202 by type. */
  private static void twoNodesSend(List<FloeServer> nodes, Map<String, Set<String>> sent)
      throws InterruptedException {
    List<Thread> senders = new ArrayList<>();
    for (FloeServer n : nodes) {
      String node = n == nodes.get(0) ? "x" : "y";
      Http http = n.http();
      Thread t =
          new Thread(
              () -> {
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
  }

  /**
   * Each two.* table holds exactly its type's events from both nodes, and both nodes' positions.
   */
  private static void assertTwoNodeTables(Map<String, Set<String>> sent, String... nodes) {
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
      for (String node : nodes) {
        assertThat(CommittedPositions.inTable(node, t).watermark())
            .as("%s's positions in %s", node, e.getValue())
            .isPositive();
      }
    }
  }
}
