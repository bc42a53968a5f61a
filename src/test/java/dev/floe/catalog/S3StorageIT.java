package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.config.FloeSettings;
import dev.floe.it.harness.Harness;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.io.PositionOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;

/** S3 storage against a real S3-compatible server: failures named safely, large files in parts. */
class S3StorageIT {
  private static final String WRONG_SECRET = "WRONG-s3cr3t-5e6f7a8b";

  @RegisterExtension static final Harness harness = Harness.with().s3("storage-it").build();

  private static S3Storage storage(String endpoint, String bucket, String secret) {
    return new S3Storage(
        new FloeSettings.Storage(
            endpoint,
            bucket,
            new FloeSettings.Secret(harness.s3().accessKey()),
            new FloeSettings.Secret(secret),
            "auto"),
        "analytics/events");
  }

  @Test
  void wrongCredentialsAreNamedWithoutTheSecret() {
    S3Storage storage = storage(harness.s3().endpoint(), "storage-it", WRONG_SECRET);
    assertThatThrownBy(storage::check)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("rejected the credentials")
        .hasMessageContaining("403")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(WRONG_SECRET));
  }

  @Test
  void anUnknownBucketIsNamed() {
    S3Storage storage =
        storage(harness.s3().endpoint(), "no-such-bucket", harness.s3().secretKey());
    assertThatThrownBy(storage::check)
        .hasMessageContaining("bucket 'no-such-bucket' does not exist");
  }

  @Test
  void anEndpointWithNothingListeningIsNamed() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    S3Storage storage = storage("http://127.0.0.1:" + port, "storage-it", harness.s3().secretKey());
    assertThatThrownBy(storage::check)
        .hasMessageContaining("cannot connect to storage at http://127.0.0.1:" + port);
  }

  @Test
  void aReachableBucketPassesAndListsNothingYet() throws IOException {
    S3Storage storage = storage(harness.s3().endpoint(), "storage-it", harness.s3().secretKey());
    storage.check();
    assertThat(storage.tableLocation()).isEqualTo("s3://storage-it/analytics/events");
  }

  @Test
  void largeFilesGoUpInPartsAndComeBackWhole() throws IOException {
    FloeSettings.Storage settings =
        new FloeSettings.Storage(
            harness.s3().endpoint(),
            "storage-it",
            new FloeSettings.Secret(harness.s3().accessKey()),
            new FloeSettings.Secret(harness.s3().secretKey()),
            "auto");
    List<String> requests = new CopyOnWriteArrayList<>();
    S3Client counting =
        harness
            .s3()
            .builder(harness.s3().accessKey(), harness.s3().secretKey())
            .overrideConfiguration(
                c ->
                    c.addExecutionInterceptor(
                        new ExecutionInterceptor() {
                          @Override
                          public void beforeExecution(
                              Context.BeforeExecution context, ExecutionAttributes attributes) {
                            requests.add(context.request().getClass().getSimpleName());
                          }
                        }))
            .build();
    S3Storage storage =
        new S3Storage(
            settings,
            "multipart",
            counting,
            Map.of(S3FileIOProperties.MULTIPART_SIZE, Integer.toString(5 * 1024 * 1024)));
    byte[] data = new byte[12 * 1024 * 1024 + 17];
    new Random(7).nextBytes(data);
    String location = storage.tableLocation() + "/data/big.bin";
    try (PositionOutputStream out = storage.io().newOutputFile(location).create()) {
      out.write(data);
    }
    assertThat(requests)
        .containsOnlyOnce("CreateMultipartUploadRequest", "CompleteMultipartUploadRequest")
        .doesNotContain("PutObjectRequest");
    assertThat(requests.stream().filter("UploadPartRequest"::equals)).hasSize(3);
    try (InputStream in = storage.io().newInputFile(location).newStream()) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }
}
