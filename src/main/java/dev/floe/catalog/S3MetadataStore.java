package dev.floe.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Metadata versions in an S3-compatible bucket. A version is created with a conditional PUT ({@code
 * If-None-Match: *}): the store writes the object only if the key is free, so of two writers racing
 * for version N exactly one wins and the other gets 412. Object stores have no rename, which is why
 * Hadoop-style commits are unsafe there and this is not.
 */
class S3MetadataStore implements MetadataStore {
  static final String POINTER = "version-hint.text";

  private final S3Client s3;
  private final String bucket;
  private final String prefix; // key prefix of the metadata folder, ending in '/'
  private final String endpoint;

  S3MetadataStore(S3Client s3, String endpoint, String bucket, String metadataPrefix) {
    this.s3 = s3;
    this.endpoint = endpoint;
    this.bucket = bucket;
    this.prefix = metadataPrefix.endsWith("/") ? metadataPrefix : metadataPrefix + "/";
  }

  String key(int version) {
    return prefix + "v" + version + ".metadata.json";
  }

  @Override
  public String versionLocation(int version) {
    return "s3://" + bucket + "/" + key(version);
  }

  @Override
  public OptionalInt readPointer() throws IOException {
    Optional<byte[]> bytes = get(prefix + POINTER);
    if (bytes.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(
          Integer.parseInt(new String(bytes.get(), StandardCharsets.UTF_8).trim()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty(); // versions are probed from 1 instead
    }
  }

  @Override
  public boolean exists(int version) throws IOException {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key(version)));
      return true;
    } catch (SdkException e) {
      if (S3Errors.notFound(e)) {
        return false;
      }
      throw failure(e);
    }
  }

  @Override
  public Optional<byte[]> read(int version) throws IOException {
    return get(key(version));
  }

  @Override
  public boolean createVersion(int version, byte[] content) throws IOException {
    try {
      put(key(version), content, true);
      return true;
    } catch (SdkException e) {
      if (!S3Errors.preconditionFailed(e)) {
        throw S3Errors.certainlyNotWritten(e)
            ? new WriteRejectedException(S3Errors.describe(e, endpoint, bucket), e)
            : failure(e);
      }
    }
    // The SDK retries a request whose answer was lost; if the first attempt stored our version,
    // the retry finds the key taken. The bytes tell whether it is ours: every version names a
    // fresh snapshot id and timestamp. Nothing there (a 409 for a create still in progress) may
    // be our own first attempt, yet to land: the outcome is unknown, not lost.
    Optional<byte[]> found = read(version);
    if (found.isEmpty()) {
      throw new IOException(
          "storage at "
              + endpoint
              + " refused to create version "
              + version
              + " that is not there");
    }
    return Arrays.equals(found.get(), content);
  }

  @Override
  public Optional<String> checkConditionalCreate() throws IOException {
    String key = prefix + ".floe-conditional-create-" + UUID.randomUUID();
    byte[] probe = "conditional create check".getBytes(StandardCharsets.UTF_8);
    try {
      put(key, probe, true);
      try {
        put(key, probe, true);
      } catch (SdkException e) {
        if (S3Errors.preconditionFailed(e)) {
          return Optional.empty();
        }
        throw e;
      }
      return Optional.of(
          "storage at "
              + endpoint
              + " (bucket '"
              + bucket
              + "') accepted a second conditional create (If-None-Match: *) of the same key:"
              + " it does not honour conditional writes, so two writers could overwrite each"
              + " other's commits");
    } catch (SdkException e) {
      throw failure(e);
    } finally {
      try {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
      } catch (SdkException e) {
        // a leftover probe object under metadata/ is harmless: readers look for vN.metadata.json
      }
    }
  }

  @Override
  public void writePointer(int version) throws IOException {
    try {
      put(prefix + POINTER, Integer.toString(version).getBytes(StandardCharsets.UTF_8), false);
    } catch (SdkException e) {
      throw failure(e);
    }
  }

  /** A plain or conditional PUT; overridden by tests to stand in for a store without conditions. */
  void put(String key, byte[] content, boolean ifAbsent) {
    s3.putObject(
        b -> {
          b.bucket(bucket).key(key).contentType("application/json");
          if (ifAbsent) {
            b.ifNoneMatch("*");
          }
        },
        RequestBody.fromBytes(content));
  }

  private Optional<byte[]> get(String key) throws IOException {
    try {
      ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
      return Optional.of(bytes.asByteArray());
    } catch (SdkException e) {
      if (S3Errors.notFound(e)) {
        return Optional.empty();
      }
      throw failure(e);
    }
  }

  private IOException failure(SdkException e) {
    return new IOException(S3Errors.describe(e, endpoint, bucket), e);
  }
}
