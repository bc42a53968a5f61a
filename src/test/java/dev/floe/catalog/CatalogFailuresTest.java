package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog seam fails one way: an unchecked {@link CatalogUnavailableException} with a reason.
 */
class CatalogFailuresTest {
  @TempDir Path dir;

  @Test
  void aDirectCatalogWhoseStorageIsBrokenFailsWithTheOneType() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("warehouse"), "a file, not a folder");
    CatalogStrategy catalog = CatalogProducer.create(TestTables.settings(notAFolder));
    try {
      assertThatThrownBy(catalog::check)
          .isInstanceOf(CatalogUnavailableException.class)
          .satisfies(e -> assertThat(Failures.reason(e)).contains("warehouse"));
      assertThatThrownBy(catalog::listTables).isInstanceOf(CatalogUnavailableException.class);
      assertThatThrownBy(catalog::table).isInstanceOf(CatalogUnavailableException.class);
    } finally {
      catalog.close();
    }
  }

  @Test
  void aHealthyDirectCatalogAnswers() {
    CatalogStrategy catalog = CatalogProducer.create(TestTables.settings(dir.resolve("w")));
    try {
      catalog.check();
      assertThat(catalog.listTables()).containsExactly("analytics.events");
      assertThat(catalog.list(null, 10)).isNotEmpty();
      assertThat(catalog.canDropTables()).isFalse();
    } finally {
      catalog.close();
    }
  }
}
