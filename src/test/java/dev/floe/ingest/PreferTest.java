package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.http.ProblemException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreferTest {
  private static boolean prefers(String... headers) {
    return Prefer.representation(Collections.enumeration(List.of(headers)));
  }

  @Test
  void findsReturnRepresentationAmongPreferences() {
    assertThat(prefers("return=representation")).isTrue();
    assertThat(prefers("respond-async, RETURN = \"representation\"; foo=bar")).isTrue();
    assertThat(prefers("wait=10", "return=representation")).isTrue();
  }

  @Test
  void otherPreferencesDoNotAsk() {
    assertThat(prefers()).isFalse();
    assertThat(prefers("return=minimal")).isFalse();
    assertThat(prefers("handling=lenient", "representation")).isFalse();
    assertThat(Prefer.representation(null)).isFalse();
  }

  @Test
  void preferWinsOverThePartialParameter() {
    assertThat(Prefer.mode(null, Collections.enumeration(List.of("return=representation"))))
        .isEqualTo(Prefer.Mode.PER_INDEX_WITH_RESULTS);
    assertThat(Prefer.mode("true", Collections.emptyEnumeration()))
        .isEqualTo(Prefer.Mode.PER_INDEX);
    assertThat(Prefer.mode(null, Collections.emptyEnumeration()))
        .isEqualTo(Prefer.Mode.ALL_OR_NOTHING);
  }

  @Test
  void partialParameterIsTrueFalseOrRefused() {
    assertThat(Prefer.partialParameter(null)).isFalse();
    assertThat(Prefer.partialParameter("false")).isFalse();
    assertThat(Prefer.partialParameter("TRUE")).isTrue();
    assertThatThrownBy(() -> Prefer.partialParameter("yes")).isInstanceOf(ProblemException.class);
  }
}
