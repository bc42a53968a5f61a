package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

class VendedCredentialsTest {
  private static final long NOW = 1_000_000_000L;

  private static S3FileIO io(Map<String, String> properties) {
    S3FileIO io = new S3FileIO();
    io.initialize(properties);
    return io;
  }

  @Test
  void aTableIsLoadedAgainHalfwayToExpiryAndAtLeastFiveMinutesBefore() {
    long soon = NOW + 20_000;
    assertThat(
            VendedCredentials.refreshAt(
                io(Map.of("s3.session-token-expires-at-ms", Long.toString(soon))), NOW))
        .isEqualTo(NOW + 10_000);
    long inAnHour = NOW + 3_600_000;
    assertThat(
            VendedCredentials.refreshAt(
                io(Map.of("s3.session-token-expires-at-ms", Long.toString(inAnHour))), NOW))
        .isEqualTo(inAnHour - 300_000);
    assertThat(VendedCredentials.refreshAt(io(Map.of()), NOW)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void refusedCredentialsAreToldFromOtherFailures() {
    assertThat(VendedCredentials.refused(s3(400, "ExpiredToken"))).isTrue();
    assertThat(VendedCredentials.refused(s3(403, "AccessDenied"))).isTrue();
    assertThat(VendedCredentials.refused(s3(404, "NoSuchKey"))).isFalse();
    assertThat(VendedCredentials.refused(s3(404, null))).as("a HEAD answer has no body").isFalse();
    assertThat(VendedCredentials.refused(s3(400, null)))
        .as("HEAD with expired credentials")
        .isTrue();
    assertThat(VendedCredentials.refused(s3(503, "SlowDown"))).isFalse();
    assertThat(VendedCredentials.refused(new RuntimeException("io"))).isFalse();
  }

  private static S3Exception s3(int status, String code) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
            .build();
  }
}
