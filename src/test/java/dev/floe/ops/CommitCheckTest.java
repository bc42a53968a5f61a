package dev.floe.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.metrics.FloeStats;
import dev.floe.testing.TableOnlyCatalog;
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
        new TableOnlyCatalog() {
          @Override
          public String kind() {
            return "direct-s3";
          }

          @Override
          public Table table() {
            throw new UnsupportedOperationException();
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
