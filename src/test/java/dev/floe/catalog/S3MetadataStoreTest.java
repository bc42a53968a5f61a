package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Versions in a bucket (a small S3 over real HTTP): what a refused conditional create means. */
class S3MetadataStoreTest {
  private FakeS3 s3;
  private S3Client client;

  @BeforeEach
  void start() throws IOException {
    s3 = new FakeS3();
    client =
        S3Storage.client(
            s3.endpoint(),
            "auto",
            StaticCredentialsProvider.create(AwsBasicCredentials.create("fake", "fake-secret")),
            true);
  }

  @AfterEach
  void stop() {
    client.close();
    s3.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRefusedCreateFindingOurBytesIsOursAndAnothersIsLost() throws IOException {
    S3MetadataStore store = new S3MetadataStore(client, s3.endpoint(), "b", "t/metadata");
    assertThat(store.createVersion(1, bytes("ours"))).isTrue();
    assertThat(store.createVersion(1, bytes("ours"))).isTrue(); // a retry of a landed request
    assertThat(store.createVersion(1, bytes("theirs"))).isFalse();
  }

  /**
   * A 409 (a conditional write in progress) with nothing at the key may be our own first attempt,
   * still in flight: not a lost race, whose caller would commit the same files again on top.
   */
  @Test
  void aConflictWithNothingThereLeavesTheOutcomeUnknown() {
    S3MetadataStore store =
        new S3MetadataStore(client, s3.endpoint(), "b", "t/metadata") {
          @Override
          void put(String key, byte[] content, boolean ifAbsent) {
            throw S3Exception.builder().statusCode(409).message("conditional conflict").build();
          }
        };
    assertThatThrownBy(() -> store.createVersion(1, bytes("ours")))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(WriteRejectedException.class)
        .hasMessageContaining(s3.endpoint());
  }
}
