package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.config.FloeSettings;
import java.io.IOException;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The direct catalog on a store that accepts {@code If-None-Match: *} and overwrites anyway (a
 * small S3 over real HTTP): found at start-up by a second conditional create of one key, and then
 * no commit, with the store named, unless the operator declared a single writer.
 */
class ConditionalCreateCheckTest {
  private FakeS3 s3;
  private LogRecorder log;

  @BeforeEach
  void start() throws IOException {
    s3 = new FakeS3();
    log = new LogRecorder(ConditionalCreateCheck.class);
  }

  @AfterEach
  void stop() {
    log.close();
    s3.close();
  }

  private DirectCatalogStrategy catalog(boolean singleWriter) {
    FloeSettings.Storage settings =
        new FloeSettings.Storage(
            s3.endpoint(),
            "bucket",
            new FloeSettings.Secret("fake-access-key"),
            new FloeSettings.Secret("fake-secret-key"),
            "auto");
    S3Client client =
        S3Storage.client(
            s3.endpoint(),
            "auto",
            StaticCredentialsProvider.create(AwsBasicCredentials.create("fake", "fake-secret")),
            true);
    S3Storage storage = new S3Storage(settings, "t", client, Map.of());
    return new DirectCatalogStrategy(storage, storage.metadata(), "t", singleWriter);
  }

  @Test
  void aStoreIgnoringTheConditionIsFoundAtStartUpAndGetsNoCommit() {
    s3.ignoringConditions();
    DirectCatalogStrategy catalog = catalog(false);
    catalog.warmUp();

    assertThat(s3.conditionalPuts()).isEqualTo(2);
    assertThat(catalog.commitRefusal())
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains(s3.endpoint())
                    .contains("If-None-Match")
                    .contains("FLOE_SINGLE_WRITER"));
    assertThat(log.at(Level.SEVERE)).singleElement().asString().contains(s3.endpoint());
    assertThatThrownBy(catalog::table)
        .satisfies(e -> assertThat(Failures.find(e, CommitRefusedException.class)).isNotNull())
        .hasMessageContaining(s3.endpoint());
    assertThat(s3.objects().keySet()).noneMatch(k -> k.endsWith(".metadata.json"));
  }

  @Test
  void withoutAStartUpCheckTheFirstCommitAsksTheStoreFirst() {
    s3.ignoringConditions();
    DirectCatalogStrategy catalog = catalog(false);

    assertThat(catalog.commitRefusal()).isEmpty(); // not asked yet
    assertThatThrownBy(catalog::table)
        .satisfies(e -> assertThat(Failures.find(e, CommitRefusedException.class)).isNotNull());
    assertThat(catalog.commitRefusal()).isPresent();
    assertThat(s3.objects().keySet()).noneMatch(k -> k.endsWith(".metadata.json"));
  }

  @Test
  void aSingleWriterCommitsOnAStoreIgnoringTheConditionAndIsWarned() {
    s3.ignoringConditions();
    DirectCatalogStrategy catalog = catalog(true);
    catalog.warmUp();

    assertThat(catalog.commitRefusal()).isEmpty();
    assertThat(log.at(Level.WARNING)).singleElement().asString().contains(s3.endpoint());
    assertThat(catalog.table().currentSnapshot()).isNull();
    assertThat(s3.objects()).containsKey("bucket/t/metadata/v1.metadata.json");
  }

  @Test
  void aStoreHonouringTheConditionCommitsAndLeavesNoProbeBehind() {
    DirectCatalogStrategy catalog = catalog(false);
    catalog.warmUp();

    assertThat(catalog.commitRefusal()).isEmpty();
    assertThat(log.records).isEmpty();
    catalog.table();
    assertThat(s3.objects().keySet())
        .containsExactlyInAnyOrder(
            "bucket/t/metadata/v1.metadata.json", "bucket/t/metadata/version-hint.text");
  }

  /** FLOE_SINGLE_WRITER reaches the check through the settings and the producer. */
  @Test
  void theSingleWriterSettingLiftsTheRefusal() {
    s3.ignoringConditions();
    for (String single : new String[] {"false", "true"}) {
      CatalogStrategy catalog =
          CatalogProducer.create(
              FloeSettings.from(
                  key ->
                      java.util.Optional.ofNullable(
                          Map.of(
                                  "r2.endpoint", s3.endpoint(),
                                  "r2.bucket", "bucket",
                                  "r2.access.key.id", "fake-access-key",
                                  "r2.secret.access.key", "fake-secret-key",
                                  "floe.single.writer", single)
                              .get(key))));
      try {
        catalog.warmUp();
        assertThat(catalog.commitRefusal().isPresent())
            .as("refused, single writer " + single)
            .isEqualTo(single.equals("false"));
      } finally {
        catalog.close();
      }
    }
  }
}
