package dev.floe.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.StoredObject;
import dev.floe.metrics.FloeStats;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class CommitCheckTest {

  private static CommitCheck check(Optional<String> refusal) {
    PlainResponses.install();
    CommitCheck check = new CommitCheck();
    check.stats = new FloeStats();
    check.buffers = new dev.floe.buffer.PartitionBuffers(); // not started: refuses nothing
    check.catalog =
        new CatalogStrategy() {
          @Override
          public String kind() {
            return "direct-s3";
          }

          @Override
          public Table table() {
            throw new UnsupportedOperationException();
          }

          @Override
          public void check() {}

          @Override
          public List<StoredObject> list(String after, int limit) {
            return List.of();
          }

          @Override
          public List<String> listTables() {
            return List.of();
          }

          @Override
          public boolean canDropTables() {
            return false;
          }

          @Override
          public boolean dropTable(String name, boolean purge) {
            return false;
          }

          @Override
          public Optional<String> commitRefusal() {
            return refusal;
          }
        };
    check.start(null);
    return check;
  }

  @Test
  void downWithTheReasonAndTheGaugeAtOneWhileCommitsAreRefused() {
    CommitCheck check = check(Optional.of("storage at http://s3.example ignores If-None-Match"));
    HealthCheckResponse r = check.call();

    assertThat(r.getName()).isEqualTo("floe-commits");
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(r.getData().orElseThrow().get("reason").toString()).contains("http://s3.example");
    assertThat(check.stats.commitsRefused.get()).isEqualTo(1.0);
  }

  @Test
  void upAndTheGaugeAtZeroOtherwise() {
    CommitCheck check = check(Optional.empty());
    assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(check.stats.commitsRefused.get()).isZero();
  }
}
