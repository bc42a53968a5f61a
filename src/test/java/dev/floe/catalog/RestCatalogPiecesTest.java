package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.TestTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.RESTException;
import org.apache.iceberg.exceptions.ServiceFailureException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;
import org.junit.jupiter.api.Test;

/** The pure parts of the REST catalog strategy: client properties, reasons, commit outcomes. */
class RestCatalogPiecesTest {
  private static final String TOKEN = "cf-token-1234567890-SECRET";
  private static final String KEY = "r2-secret-abcdef123456";
  private static final String URI = "https://catalog.example.com/acct/bucket";

  @Test
  void propertiesCarryTokenWarehouseDelegationAndFallbackKeys() {
    Map<String, String> p =
        RestCatalogStrategy.properties(
            TestTables.settings(
                Path.of("w"),
                "r2.catalog.endpoint",
                URI,
                "r2.catalog.auth.token",
                TOKEN,
                "iceberg.warehouse",
                "acct_bucket",
                "r2.endpoint",
                "https://acct.r2.cloudflarestorage.com",
                "r2.bucket",
                "bucket",
                "r2.access.key.id",
                "AKID12345678",
                "r2.secret.access.key",
                KEY));
    assertThat(p)
        .containsEntry("uri", URI)
        .containsEntry("token", TOKEN)
        .containsEntry("warehouse", "acct_bucket")
        .containsEntry("header.X-Iceberg-Access-Delegation", "vended-credentials")
        .containsEntry("s3.client-factory-impl", FloeS3ClientFactory.class.getName())
        .containsEntry("s3.endpoint", "https://acct.r2.cloudflarestorage.com")
        .containsEntry("s3.access-key-id", "AKID12345678")
        .containsEntry("s3.secret-access-key", KEY)
        .containsEntry("client.region", "auto");
  }

  @Test
  void noTokenNoAuthorizationProperty() {
    Map<String, String> p =
        RestCatalogStrategy.properties(
            TestTables.settings(Path.of("w"), "r2.catalog.endpoint", URI));
    assertThat(p).doesNotContainKey("token").doesNotContainKey("warehouse");
  }

  @Test
  void reasonsSayWhatToFixAndNeverTheToken() {
    Redactor r = new Redactor(TOKEN, KEY);
    assertThat(RestErrors.describe(new NotAuthorizedException("Not authorized: %s", TOKEN), URI, r))
        .contains("rejected the token (401")
        .doesNotContain(TOKEN);
    assertThat(RestErrors.describe(new ForbiddenException("Forbidden"), URI, r)).contains("403");
    assertThat(
            RestErrors.describe(
                new RESTException(new ConnectException("Connection refused"), "Error"), URI, r))
        .isEqualTo("cannot connect to catalog at " + URI + " (connection refused)");
    assertThat(
            RestErrors.describe(
                new ServiceUnavailableException("Service unavailable: bad %s", TOKEN), URI, r))
        .contains("unavailable (503)")
        .doesNotContain(TOKEN)
        .contains("****");
    assertThat(RestErrors.describe(new ServiceFailureException("Server error: x"), URI, r))
        .contains("failed (5xx)");
  }

  @Test
  void aCommitWithoutAClearAnswerIsUnknownAndARefusedConnectionIsNot() {
    assertThat(outcomeOf(new ServiceUnavailableException("503")))
        .isInstanceOf(CommitStateUnknownException.class);
    assertThat(outcomeOf(new ServiceFailureException("500")))
        .isInstanceOf(CommitStateUnknownException.class);
    assertThat(outcomeOf(new RESTException(new SocketTimeoutException("Read timed out"), "Error")))
        .isInstanceOf(CommitStateUnknownException.class);
    assertThat(outcomeOf(new UncheckedIOException(new IOException("reset"))))
        .isInstanceOf(CommitStateUnknownException.class);
    assertThat(outcomeOf(new RESTException(new ConnectException("refused"), "Error")))
        .isInstanceOf(RESTException.class)
        .isNotInstanceOf(CommitStateUnknownException.class);
    assertThat(outcomeOf(new CommitFailedException("409")))
        .isInstanceOf(CommitFailedException.class);
    assertThat(outcomeOf(new NotAuthorizedException("401")))
        .isInstanceOf(NotAuthorizedException.class);
  }

  private static Throwable outcomeOf(RuntimeException thrown) {
    UnknownOutcomeOperations ops = new UnknownOutcomeOperations(new Failing(thrown));
    try {
      ops.commit(null, null);
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("commit did not throw");
  }

  /** Table operations whose commit always throws the given exception. */
  private record Failing(RuntimeException thrown) implements TableOperations {
    @Override
    public TableMetadata current() {
      return null;
    }

    @Override
    public TableMetadata refresh() {
      return null;
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
      throw thrown;
    }

    @Override
    public FileIO io() {
      return null;
    }

    @Override
    public String metadataFileLocation(String fileName) {
      return fileName;
    }

    @Override
    public LocationProvider locationProvider() {
      return null;
    }
  }

  @Test
  void redactorIgnoresShortValues() {
    assertThat(new Redactor("", "abc", TOKEN).redact("abc " + TOKEN)).isEqualTo("abc ****");
    assertThatThrownBy(
            () -> {
              throw new IllegalStateException(new Redactor(KEY).redact("key=" + KEY));
            })
        .hasMessage("key=****");
  }
}
