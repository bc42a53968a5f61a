package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.it.fixtures.Http;
import dev.floe.it.harness.Harness;
import dev.floe.testing.TestTables;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FLOE_ROUTES through the REST catalog (its data on s3proxy): routed tables are created in their
 * own namespaces with their promoted columns, and each holds its events once.
 */
class RoutingRestIT {
  private static final String TOKEN = "floe-it-catalog-token-routes-7a6b";

  @RegisterExtension
  static final Harness harness =
      Harness.with()
          .restCatalog("lake", TOKEN)
          .floe(
              f ->
                  f.noTimedFlush()
                      .property(
                          "floe.routes",
                          "page.*=web.pageviews{columns=ext.userid:long}; *=analytics.events"))
          .build();

  @Test
  void routedTablesAreCreatedInTheCatalogAndHoldTheirEventsOnce() {
    Http http = harness.floe().http();
    List<String> pages = http.acceptMany("p-", 5, "page.view");
    List<String> others = http.acceptMany("o-", 3, "order.placed");
    assertThat(http.flush().statusCode()).isEqualTo(200);

    Table pv = harness.rest().catalog().loadTable(TableIdentifier.of("web", "pageviews"));
    assertThat(TestTables.ids(pv)).containsExactlyInAnyOrderElementsOf(pages);
    assertThat(pv.schema().findField("ext_userid")).as("the route's promoted column").isNotNull();
    assertThat(TestTables.ids(harness.table())).containsExactlyInAnyOrderElementsOf(others);
    assertThat(harness.table().schema().findField("ext_userid")).isNull();
  }
}
