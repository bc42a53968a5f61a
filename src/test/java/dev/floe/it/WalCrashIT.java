package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import dev.floe.testing.TestTables;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Events at a high rate into the real Payara Micro, which is killed with SIGKILL at a random
 * moment, restarted, and killed again. In the end every event that got a 2xx is in the table
 * exactly once, and no event is there twice.
 */
class WalCrashIT {
  /** Three in the suite; scripts/crash-test runs more. */
  private static final int CYCLES = Integer.getInteger("floe.crash.cycles", 3);

  private static final int SENDERS = 4;

  @RegisterExtension static final Harness harness = Harness.with().build();

  @Test
  void everyAcknowledgedEventExactlyOnceAcrossKills() throws Exception {
    FloeServer floe =
        harness
            .newFloe("WalCrashIT")
            .property("iceberg.buffer.timeout.ms", 700) // flushes and commits run during the load
            .property("iceberg.buffer.size", 300)
            .build();
    Set<String> acked = ConcurrentHashMap.newKeySet();
    Random random = new Random();
    try (floe) {
      for (int cycle = 0; cycle < CYCLES; cycle++) {
        floe.start().awaitReady(FloeServer.START_TIMEOUT);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < SENDERS; t++) {
          String prefix = "c" + cycle + "-t" + t + "-";
          Http http = floe.http();
          Thread sender =
              new Thread(
                  () -> {
                    for (int i = 0; running.get(); i++) {
                      try {
                        if (i % 10 == 9) {
                          List<String> ids =
                              List.of(prefix + i + "a", prefix + i + "b", prefix + i + "c");
                          String body =
                              ids.stream()
                                  .map(id -> Http.event(id, "crash.batch", null))
                                  .collect(Collectors.joining(",", "{\"events\":[", "]}"));
                          if (http.post("events/batch", "application/json", body).statusCode()
                              == 202) {
                            acked.addAll(ids);
                          }
                        } else {
                          String id = prefix + i;
                          String type = "crash." + (i % 3);
                          HttpResponse<String> r =
                              http.post("events", "application/json", Http.event(id, type, null));
                          if (r.statusCode() == 202) {
                            acked.add(id);
                          }
                        }
                      } catch (RuntimeException e) {
                        return; // the server is gone
                      }
                    }
                  });
          sender.start();
          senders.add(sender);
        }
        Thread.sleep(1500 + random.nextInt(3000));
        floe.kill(); // SIGKILL, mid-load
        running.set(false);
        for (Thread s : senders) {
          s.join(30_000);
        }
      }
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      HttpResponse<String> flush = floe.http().flush();
      assertThat(flush.statusCode()).as(flush.body()).isEqualTo(200);
    }

    assertThat(acked).as("events acknowledged before the kills").hasSizeGreaterThan(500);
    List<String> ids = TestTables.ids(harness.table());
    Map<String, Long> counts =
        ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
        .as("ids in the table more than once")
        .isEmpty();
    assertThat(counts.keySet()).as("acknowledged ids missing from the table").containsAll(acked);
    System.out.printf(
        "WAL crash test: %d cycles, %d events acknowledged, %d rows in the table%n",
        CYCLES, acked.size(), ids.size());
    assertThat(Files.exists(floe.walDir())).isTrue();
  }
}
