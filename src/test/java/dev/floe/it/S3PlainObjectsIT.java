package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.it.fixtures.KilledUnderLoad;
import dev.floe.it.fixtures.SeedEvents;
import dev.floe.it.harness.FloeServer;
import dev.floe.it.harness.Harness;
import dev.floe.testing.PlainObjects;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * USE_ICEBERG=false in a bucket of a real S3-compatible server: the seed's events as NDJSON
 * objects, then SIGKILLs under concurrent load, and every acknowledged id in exactly one line of
 * the bucket's objects.
 */
class S3PlainObjectsIT {
  private static final String BUCKET = "floe-objects";
  private static final int CYCLES = Integer.getInteger("floe.crash.cycles", 2);

  @RegisterExtension static final Harness harness = Harness.with().s3(BUCKET).build();

  private static Map<String, byte[]> objects() {
    return PlainObjects.in(harness.s3().client(), BUCKET, Harness.LOCATION + "/");
  }

  @Test
  void seedEventsThenKillsUnderLoadLeaveEveryAcknowledgedEventOnce() throws Exception {
    FloeServer floe =
        harness
            .newFloe("S3PlainObjectsIT")
            .env("USE_ICEBERG", "false")
            .property("iceberg.buffer.timeout.ms", 700)
            .property("iceberg.buffer.size", 300)
            .build();
    Set<String> acked;
    try (floe) {
      floe.start().awaitReady(FloeServer.START_TIMEOUT);
      SeedEvents.send(floe.http());
      HttpResponse<String> r = floe.http().flush("page.view");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      List<JsonNode> seed = PlainObjects.events(objects());
      assertThat(seed).extracting(e -> e.get("id").asText()).contains("123", "124", "125", "126");
      assertThat(objects().keySet())
          .allMatch(k -> k.startsWith(Harness.LOCATION + "/type=page.view/year=2024/month=01/"))
          .allMatch(k -> k.endsWith(".ndjson.gz"));
      assertThat(harness.s3().keys(BUCKET, Harness.LOCATION + "/_floe/positions/")).hasSize(1);
      floe.kill();
      acked = KilledUnderLoad.run(floe, CYCLES, FloeServer.START_TIMEOUT);
    }
    List<String> ids = PlainObjects.ids(objects());
    assertThat(KilledUnderLoad.doubled(ids)).as("ids in the bucket more than once").isEmpty();
    assertThat(ids).as("acknowledged ids missing from the bucket").containsAll(acked);
    assertThat(acked).as("events acknowledged before the kills").hasSizeGreaterThan(100);
    assertThat(ids).contains("123", "124", "125", "126");
    System.out.printf(
        "S3 plain-object crash test: %d cycles, %d events acknowledged, %d lines%n",
        CYCLES, acked.size(), ids.size());
  }
}
