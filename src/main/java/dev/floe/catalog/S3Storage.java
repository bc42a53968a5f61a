package dev.floe.catalog;

import dev.floe.config.FloeSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.PositionOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * Table files in an S3-compatible bucket (Cloudflare R2, MinIO, AWS S3, ...) through Iceberg's
 * {@link S3FileIO}, on an SDK client built for R2: path-style addressing, region {@code auto} by
 * default, checksums only where the API requires them (R2 rejects some of the SDK's defaults), and
 * no {@code Expect: 100-continue} (a refused conditional PUT would otherwise leave the pooled
 * connection unusable on some servers).
 */
final class S3Storage implements TableStorage {
  private static final Logger LOG = Logger.getLogger(S3Storage.class.getName());

  private final FloeSettings.Storage settings;
  private final S3Client s3;
  private final S3FileIO io;
  private final String location; // key prefix of the table, no slashes at either end
  private final S3MetadataStore metadata;

  S3Storage(FloeSettings.Storage settings, String tableLocation) {
    this(settings, tableLocation, client(settings), Map.of());
  }

  /** With S3FileIO tuning ({@code s3.multipart.size}, ...) on top of Floe's. */
  S3Storage(
      FloeSettings.Storage settings,
      String tableLocation,
      S3Client s3,
      Map<String, String> tuning) {
    this.settings = settings;
    this.s3 = s3;
    this.location = tableLocation;
    this.io =
        new S3FileIO(
            () -> s3,
            () -> {
              throw new UnsupportedOperationException("Floe uses the synchronous S3 client");
            });
    // the client is ours: S3FileIO reads only its own tuning from these
    Map<String, String> props = new HashMap<>(tuning);
    props.put("init-creation-stacktrace", "false");
    io.initialize(props);
    this.metadata =
        new S3MetadataStore(s3, settings.endpoint(), settings.bucket(), location + "/metadata");
  }

  /** An S3 client for the settings; Iceberg's FileIO and the metadata store share it. */
  @Override
  public void close() {
    io.close(); // closes the client it was given too
    s3.close();
  }

  static S3Client client(FloeSettings.Storage settings) {
    AwsCredentialsProvider credentials =
        settings.hasKeys()
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    settings.accessKeyId().value(), settings.secretAccessKey().value()))
            : DefaultCredentialsProvider.builder().build();
    return client(settings.endpoint(), settings.region(), credentials, true);
  }

  /**
   * The one way Floe builds S3 clients, for its own storage and for the FileIO a REST catalog hands
   * out (see {@link FloeS3ClientFactory}).
   */
  static S3Client client(
      String endpoint, String region, AwsCredentialsProvider credentials, boolean pathStyle) {
    var builder =
        S3Client.builder()
            .region(Region.of(region))
            .forcePathStyle(pathStyle)
            .credentialsProvider(credentials)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .expectContinueEnabled(false)
                    .maxConnections(32)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(30)))
            .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofMinutes(2)));
    if (endpoint != null && !endpoint.isEmpty()) {
      builder.endpointOverride(URI.create(endpoint));
    }
    return builder.build();
  }

  @Override
  public TableStorage at(String tableLocation) {
    return new S3Storage(settings, tableLocation, s3, Map.of());
  }

  @Override
  public String kind() {
    return "s3";
  }

  @Override
  public FileIO io() {
    return io;
  }

  @Override
  public MetadataStore metadata() {
    return metadata;
  }

  @Override
  public String tableLocation() {
    return "s3://" + settings.bucket() + "/" + location;
  }

  @Override
  public void check() throws IOException {
    metadata.readPointer(); // one GET: reaches the endpoint, the bucket, and the credentials
  }

  @Override
  public List<StoredObject> list(String after, int limit) throws IOException {
    try {
      ListObjectsV2Response page =
          s3.listObjectsV2(
              b -> {
                b.bucket(settings.bucket()).prefix(location + "/").maxKeys(limit);
                if (after != null) {
                  b.startAfter(after);
                }
              });
      return page.contents().stream()
          .map(o -> new StoredObject(o.key(), o.size(), o.lastModified()))
          .toList();
    } catch (SdkException e) {
      throw new IOException(S3Errors.describe(e, settings.endpoint(), settings.bucket()), e);
    }
  }

  /**
   * Writes, reads, lists and deletes one small object under the table's metadata folder: the
   * requests a flush makes, each once. The conditional creates of a commit are made by the direct
   * catalog's check of them, right after.
   */
  @Override
  public void warmUp() {
    String key = location + "/metadata/.floe-warmup-" + UUID.randomUUID();
    String uri = "s3://" + settings.bucket() + "/" + key;
    try {
      try (PositionOutputStream out = io.newOutputFile(uri).create()) {
        out.write("warm-up".getBytes(StandardCharsets.UTF_8));
      }
      InputFile in = io.newInputFile(uri);
      in.getLength();
      in.newStream().close();
      list(key.substring(0, key.lastIndexOf('/')), 1);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Storage warm-up incomplete", e);
    } finally {
      try {
        io.deleteFile(uri);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Could not delete the warm-up object", e);
      }
    }
  }
}
