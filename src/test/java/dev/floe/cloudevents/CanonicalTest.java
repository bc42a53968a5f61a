package dev.floe.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanonicalTest {

  @Test
  void equalValuesShareOneCopy() {
    Canonical<String> c = new Canonical<>(10);
    String first = c.of(new String("page.view"));
    assertThat(c.of(new String("page.view"))).isSameAs(first);
    assertThat(c.of(null)).isNull();
  }

  @Test
  void staysBoundedWhateverClientsSend() {
    Canonical<String> c = new Canonical<>(10);
    for (int i = 0; i < 1000; i++) {
      String v = "type-" + i;
      assertThat(c.of(v)).isEqualTo(v);
    }
    String kept = c.of(new String("again"));
    assertThat(c.of(new String("again"))).isSameAs(kept); // still working after many resets
  }
}
