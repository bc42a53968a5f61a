package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.testing.TestTables;
import java.nio.file.Path;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog the settings pick, and what the log says about the choice. */
class CatalogProducerTest {
  @TempDir Path warehouse;

  private CatalogStrategy create(String endpoint) {
    return CatalogProducer.create(TestTables.settings(warehouse, "r2.catalog.endpoint", endpoint));
  }

  @Test
  void anEndpointWithoutSchemeFallsBackToTheDirectCatalogWithAWarningNamingIt() {
    try (LogRecorder log = new LogRecorder(CatalogProducer.class)) {
      CatalogStrategy catalog = create("catalog.cloudflarestorage.com/acc/wh");

      assertThat(catalog.kind()).isEqualTo("direct-local");
      assertThat(log.at(Level.WARNING))
          .singleElement()
          .asString()
          .contains("R2_CATALOG_ENDPOINT")
          .contains("'catalog.cloudflarestorage.com/acc/wh'")
          .contains("direct catalog");
    }
  }

  @Test
  void credentialsInTheValueAreNotLogged() {
    try (LogRecorder log = new LogRecorder(CatalogProducer.class)) {
      create("user:s3cr3t-t0ken@catalog.example/wh");

      assertThat(log.at(Level.WARNING))
          .singleElement()
          .asString()
          .doesNotContain("s3cr3t-t0ken")
          .contains("****@catalog.example/wh");
    }
  }

  @Test
  void noEndpointIsTheDirectCatalogWithoutAWarning() {
    try (LogRecorder log = new LogRecorder(CatalogProducer.class)) {
      assertThat(create("").kind()).isEqualTo("direct-local");
      assertThat(log.records).isEmpty();
    }
  }
}
