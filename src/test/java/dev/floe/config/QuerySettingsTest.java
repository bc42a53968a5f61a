package dev.floe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuerySettingsTest {
  private static QuerySettings of(Map<String, String> m) {
    return QuerySettings.from(k -> Optional.ofNullable(m.get(k)));
  }

  @Test
  void defaultsBoundEveryQuery() {
    QuerySettings s = of(Map.of());
    assertThat(s.tokens()).isEmpty();
    assertThat(s.defaultRows()).isEqualTo(1000);
    assertThat(s.maxRows()).isEqualTo(100_000);
    assertThat(s.maxFiles()).isEqualTo(2000);
    assertThat(s.timeoutMs()).isEqualTo(30_000);
  }

  @Test
  void queryKeysMatchAndNeverShowInTheLogLine() {
    QuerySettings s = of(Map.of("floe.query.tokens", " query-key-one-0001 , query-key-two-0002 ,"));
    assertThat(s.isQueryToken("query-key-one-0001")).isTrue();
    assertThat(s.isQueryToken("query-key-two-0002")).isTrue();
    assertThat(s.isQueryToken("query-key-three-03")).isFalse();
    assertThat(s.toString()).contains("queryKeys=2").doesNotContain("query-key-one");
  }

  @Test
  void aBadBoundStopsStartNamingTheKey() {
    assertThatThrownBy(() -> of(Map.of("floe.query.max.files", "0")))
        .hasMessageContaining("FLOE_QUERY_MAX_FILES");
    assertThatThrownBy(() -> of(Map.of("floe.query.timeout.ms", "soon")))
        .hasMessageContaining("FLOE_QUERY_TIMEOUT_MS");
    assertThat(of(Map.of("floe.query.max.rows", "50")).defaultRows()).isEqualTo(50);
    assertThatThrownBy(() -> of(Map.of("floe.query.tokens", "short")))
        .hasMessageContaining("FLOE_QUERY_TOKENS")
        .hasMessageNotContaining("short");
  }
}
