package dev.floe.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.testing.TestTables;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog endpoints of the debug API against a real direct catalog in a temp folder. */
class DebugResourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path warehouse;
  private CatalogStrategy catalog;

  private DebugResource resource(String... keyValues) {
    DebugResource r = new DebugResource();
    r.settings = TestTables.settings(warehouse, keyValues);
    catalog = CatalogProducer.create(r.settings);
    r.catalog = catalog;
    return r;
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  /** The 409 itself needs a JAX-RS runtime to build; the resource decides by this capability. */
  @Test
  void theDirectCatalogSaysItCannotDropTables() {
    resource("floe.admin.drop.enabled", "true");
    assertThat(catalog.canDropTables()).isFalse();
    assertThatThrownBy(() -> catalog.dropTable("events", false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs a REST catalog");
  }

  @Test
  void tablesAndListingAnswerWithTheSeedsFieldNames() throws Exception {
    DebugResource r = resource();
    JsonNode none = JSON.readTree(r.tables());
    assertThat(none.toString()).isEqualTo("{\"namespace\":\"analytics\",\"tables\":[]}");

    catalog.table(); // creates it
    JsonNode tables = JSON.readTree(r.tables());
    assertThat(tables.get("tables").get(0).asText()).isEqualTo("analytics.events");

    JsonNode page = JSON.readTree(r.list("1", null));
    assertThat(page.get("table_location").asText()).isEqualTo("analytics/events");
    assertThat(page.get("objects")).hasSize(1);
    JsonNode first = page.get("objects").get(0);
    assertThat(first.get("key").asText()).startsWith("analytics/events/metadata/");
    assertThat(first.get("size").asLong()).isPositive();
    assertThat(first.get("last_modified").asText()).endsWith("Z");
    assertThat(page.get("truncated").asBoolean()).isTrue();
    assertThat(page.get("next_after").asText()).isEqualTo(first.get("key").asText());
  }
}
