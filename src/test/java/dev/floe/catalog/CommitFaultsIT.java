package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.config.FloeSettings;
import dev.floe.it.fixtures.S3Proxy;
import dev.floe.it.harness.Harness;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The commit fault scenarios on a bucket of a real S3-compatible server (s3proxy): conditional
 * PUTs, read-back and refresh over HTTP, data and manifests through Iceberg's S3FileIO.
 */
class CommitFaultsIT extends CommitFaultsContract {
  private static final String BUCKET = "faults";

  @RegisterExtension static final Harness harness = Harness.with().s3(BUCKET).build();

  private static FloeSettings.Storage settings() {
    S3Proxy s3 = harness.s3();
    return new FloeSettings.Storage(
        s3.endpoint(),
        BUCKET,
        new FloeSettings.Secret(s3.accessKey()),
        new FloeSettings.Secret(s3.secretKey()),
        "auto");
  }

  @Override
  TableStorage storage(String location) {
    // a client of its own: S3FileIO closes the client it was given when it is collected
    return new S3Storage(settings(), location);
  }

  /** The store the scenarios run on keeps conditional creates: the start-up check passes. */
  @Test
  void s3proxyHonoursConditionalCreates() throws IOException {
    assertThat(storage("faults/check").metadata().checkConditionalCreate()).isEmpty();
  }
}
