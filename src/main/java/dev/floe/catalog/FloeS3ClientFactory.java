package dev.floe.catalog;

import java.util.Map;
import org.apache.iceberg.aws.s3.S3FileIOAwsClientFactory;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the S3 clients of the FileIO a REST catalog gives Floe's tables, from the catalog's
 * properties: the storage credentials it vends when it does, else the configured R2 keys Floe puts
 * in as defaults. Named by {@code s3.client-factory-impl}, so the clients get Floe's R2 settings
 * (checksums only when required, no {@code Expect: 100-continue}) even with vended credentials.
 */
public class FloeS3ClientFactory implements S3FileIOAwsClientFactory {
  private Map<String, String> properties = Map.of();

  @Override
  public void initialize(Map<String, String> props) {
    this.properties = Map.copyOf(props);
  }

  @Override
  public S3Client s3() {
    return VendedCredentials.watch(
        S3Storage.client(
            properties.get(S3FileIOProperties.ENDPOINT),
            properties.getOrDefault("client.region", "auto"),
            credentials(properties),
            Boolean.parseBoolean(
                properties.getOrDefault(S3FileIOProperties.PATH_STYLE_ACCESS, "true"))),
        properties.get(VendedCredentials.LISTENER));
  }

  @Override
  public S3AsyncClient s3Async() {
    throw new UnsupportedOperationException("Floe uses the synchronous S3 client");
  }

  static AwsCredentialsProvider credentials(Map<String, String> props) {
    String id = props.get(S3FileIOProperties.ACCESS_KEY_ID);
    String secret = props.get(S3FileIOProperties.SECRET_ACCESS_KEY);
    String session = props.get(S3FileIOProperties.SESSION_TOKEN);
    if (id == null || id.isEmpty() || secret == null || secret.isEmpty()) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        session == null || session.isEmpty()
            ? AwsBasicCredentials.create(id, secret)
            : AwsSessionCredentials.create(id, secret, session));
  }
}
