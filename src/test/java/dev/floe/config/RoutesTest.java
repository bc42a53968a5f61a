package dev.floe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutesTest {
  private static FloeSettings with(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return FloeSettings.from(k -> Optional.ofNullable(m.get(k)));
  }

  private static Routes routes(String value) {
    return with("floe.routes", value).routes();
  }

  @Test
  void unsetIsOneCatchAllToTheConfiguredTable() {
    Routes r = with("iceberg.namespace", "ns", "iceberg.table.name", "t").routes();
    assertThat(r.explicit()).isFalse();
    assertThat(r.routes()).hasSize(1);
    assertThat(r.tableOf("anything.at.all")).isEqualTo("ns.t");
    assertThat(r.configured().table().location()).isEqualTo("analytics/events");
    assertThat(r.tables()).extracting(RoutedTable::name).containsExactly("ns.t");
  }

  @Test
  void firstMatchWinsOverGlobsAndTheCatchAll() {
    Routes r =
        routes(" page.*=web.pageviews ; user.?ogin=app.users; page.view=x.never;*=a.events;");
    assertThat(r.tableOf("page.view")).isEqualTo("web.pageviews");
    assertThat(r.tableOf("page.")).isEqualTo("web.pageviews");
    assertThat(r.tableOf("user.login")).isEqualTo("app.users");
    assertThat(r.tableOf("user.xlogin")).isEqualTo("a.events");
    assertThat(r.tableOf("pagexview")).isEqualTo("a.events"); // '.' is literal
    assertThat(r.tables())
        .extracting(RoutedTable::name)
        .containsExactly("web.pageviews", "app.users", "x.never", "a.events");
    assertThat(r.catchAll()).isTrue();
  }

  @Test
  void withoutACatchAllAnUnmatchedTypeHasNoTable() {
    Routes r = routes("page.*=web.pageviews");
    assertThat(r.tableOf("order.placed")).isNull();
    assertThat(r.catchAll()).isFalse();
    assertThat(r.tableOf("page.view")).isEqualTo("web.pageviews");
  }

  @Test
  void optionsOverrideTheGlobalSettingsPerTable() {
    FloeSettings s =
        with(
            "floe.routes",
            "page.*=web.pageviews{size=50, timeout_ms=2000,max_size=900,"
                + "columns=ext.userid:long,data.page:string,location=lake/pv};"
                + "page2.*=web.pageviews; *=analytics.events",
            "iceberg.buffer.size",
            "10",
            "floe.columns",
            "ext.region:string");
    RoutedTable pv = s.routes().match("page.view");
    assertThat(pv.size()).isEqualTo(50);
    assertThat(pv.timeoutMs()).isEqualTo(2000);
    assertThat(pv.maxSize()).isEqualTo(900);
    assertThat(pv.table().location()).isEqualTo("lake/pv");
    assertThat(pv.table().columns())
        .containsExactly(
            new Promotion("ext", "userid", "long"), new Promotion("data", "page", "string"));
    assertThat(s.routes().match("page2.x")).isEqualTo(pv); // the table's options, given once
    RoutedTable rest = s.routes().match("other");
    assertThat(rest.size()).isEqualTo(10);
    assertThat(rest.maxSize()).isEqualTo(5000);
    assertThat(rest.table().location()).isEqualTo("analytics/events"); // ICEBERG_TABLE_LOCATION
    assertThat(rest.table().columns()).containsExactly(new Promotion("ext", "region", "string"));
    assertThat(s.describe()).contains("routes=[page.*=web.pageviews");
  }

  @Test
  void aTableNoRouteNamesAnyMoreGetsTheGlobalOptionsAtItsOwnFolder() {
    Routes r = routes("*=web.pageviews{size=7}");
    RoutedTable old = r.table("old.table");
    assertThat(old.table().location()).isEqualTo("old/table");
    assertThat(old.table().columns()).isEmpty();
    assertThat(old.size()).isEqualTo(2000);
    assertThat(r.table("analytics.events").table().location()).isEqualTo("analytics/events");
    assertThat(r.table("web.pageviews").size()).isEqualTo(7);
  }

  @Test
  void badRoutesStopStartUpNamingTheFault() {
    assertFault("page.*", "is not pattern=namespace.table");
    assertFault("page.*=pageviews", "names table 'pageviews'");
    assertFault("page.*=a.b.c", "names table 'a.b.c'");
    assertFault("*=a.b;page.*=c.d", "after the catch-all '*'");
    assertFault("p.*=a.b;p.*=c.d", "lists the pattern 'p.*' twice");
    assertFault("p.*=a.b{size=10", "does not end with '}'");
    assertFault("p.*=a.b{sizes=10}", "has option 'sizes'");
    assertFault("p.*=a.b{size=0}", "must be between 1 and 1000000");
    assertFault("p.*=a.b{size=10,size=11}", "option 'size' twice");
    assertFault("p.*=a.b{size=100,max_size=10}", "size 100 exceeds max_size 10");
    assertFault("p.*=a.b{columns=ext.x:decimal}", "type 'decimal'");
    assertFault("p.*=a.b{location=../x}", "must be a relative path");
    assertFault("p.*=a.b{size=1};q.*=a.b{size=2}", "gives table a.b options twice");
    assertFault("p.*=a.b{location=x};q.*=c.d{location=x}", "at one location x");
    assertFault(" ; ", "lists no route");
    assertThatThrownBy(() -> with("floe.routes", "*=a.b", "use.iceberg", "false"))
        .hasMessageContaining("FLOE_ROUTES (floe.routes) needs USE_ICEBERG=true");
  }

  @Test
  void theRoutesBoundTheTables() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i <= Routes.MAX_ROUTES; i++) {
      many.append("t").append(i).append("=ns.t").append(i).append(';');
    }
    assertFault(many.toString(), "at most " + Routes.MAX_ROUTES);
  }

  private static void assertFault(String value, String fault) {
    assertThatThrownBy(() -> routes(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("FLOE_ROUTES (floe.routes)")
        .hasMessageContaining(fault);
  }
}
