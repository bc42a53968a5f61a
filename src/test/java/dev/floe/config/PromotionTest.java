package dev.floe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromotionTest {
  private static FloeSettings with(String columns) {
    Map<String, String> m = Map.of("floe.columns", columns);
    return FloeSettings.from(k -> Optional.ofNullable(m.get(k)));
  }

  @Test
  void floeColumnsListsExtensionsAndDataFieldsWithTheirTypes() {
    FloeSettings s = with(" ext.userid:long, data.page:string,DATA.Amount:double ,");
    assertThat(s.table().columns())
        .containsExactly(
            new Promotion("ext", "userid", "long"),
            new Promotion("data", "page", "string"),
            new Promotion("data", "amount", "double"));
    assertThat(s.describe()).contains("columns=[ext.userid:long, data.page:string");
  }

  @Test
  void noColumnsByDefault() {
    assertThat(FloeSettings.from(k -> Optional.empty()).table().columns()).isEmpty();
  }

  @Test
  void aBadEntryStopsStartNamingTheKey() {
    assertThatThrownBy(() -> with("ext.userid:bigint"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("FLOE_COLUMNS (floe.columns) names type 'bigint'");
    assertThatThrownBy(() -> with("userid:long"))
        .hasMessageStartingWith("FLOE_COLUMNS (floe.columns) must list entries such as");
    assertThatThrownBy(() -> with("ext.user_id:long"))
        .hasMessageContaining("extension names are letters and digits only");
    assertThatThrownBy(() -> with("data.page:string, data.page:long"))
        .hasMessageContaining("lists data.page twice");
  }
}
