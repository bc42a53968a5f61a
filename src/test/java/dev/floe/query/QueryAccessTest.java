package dev.floe.query;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.config.AccessSettings;
import dev.floe.config.QuerySettings;
import dev.floe.http.ProblemException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryAccessTest {
  private static final Map<String, String> NONE = Map.of();

  private static AccessSettings access(Map<String, String> m) {
    return AccessSettings.from(k -> Optional.ofNullable(m.get(k)));
  }

  private static QuerySettings query(Map<String, String> m) {
    return QuerySettings.from(k -> Optional.ofNullable(m.get(k)));
  }

  @Test
  void withoutTokensOnlyDirectLoopbackClientsMayQuery() {
    assertThatCode(() -> QueryAccess.check(access(NONE), query(NONE), h -> null, "127.0.0.1"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> QueryAccess.check(access(NONE), query(NONE), h -> null, "10.0.0.5"))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("loopback");
    Map<String, String> proxied = Map.of("X-Forwarded-For", "203.0.113.9");
    assertThatThrownBy(
            () -> QueryAccess.check(access(NONE), query(NONE), proxied::get, "127.0.0.1"))
        .isInstanceOf(ProblemException.class);
  }

  @Test
  void withTokensTheAdminTokenOrAQueryKeyIsNeededEvenFromLoopback() {
    AccessSettings admin = access(Map.of("floe.admin.token", "admin-secret-0123456"));
    QuerySettings keys =
        query(Map.of("floe.query.tokens", "query-key-one-0001,query-key-two-0002"));
    for (String ok : new String[] {"admin-secret-0123456", "query-key-two-0002"}) {
      Map<String, String> h = Map.of("Authorization", "Bearer " + ok);
      assertThatCode(() -> QueryAccess.check(admin, keys, h::get, "10.0.0.5"))
          .doesNotThrowAnyException();
    }
    assertThatThrownBy(() -> QueryAccess.check(admin, keys, h -> null, "127.0.0.1"))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("bearer");
    Map<String, String> wrong = Map.of("Authorization", "Bearer query-key-three-03");
    assertThatThrownBy(() -> QueryAccess.check(access(NONE), keys, wrong::get, "127.0.0.1"))
        .isInstanceOf(ProblemException.class)
        .hasMessageNotContaining("query-key-three");
  }
}
