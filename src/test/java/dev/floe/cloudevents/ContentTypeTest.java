package dev.floe.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContentTypeTest {

  @Test
  void parsesTypeSubtypeAndCharset() {
    ContentType t = ContentType.parse("Application/CloudEvents+JSON; charset=\"UTF-8\"");
    assertThat(t).isEqualTo(new ContentType("application", "cloudevents+json", "utf-8"));
    assertThat(t.isJson()).isTrue();
    assertThat(t.isUtf8()).isTrue();
  }

  @Test
  void absentOrBlankIsNull() {
    assertThat(ContentType.parse(null)).isNull();
    assertThat(ContentType.parse("  ")).isNull();
  }

  @Test
  void kinds() {
    assertThat(ContentType.parse("application/json").isJson()).isTrue();
    assertThat(ContentType.parse("application/vnd.x+json").isJson()).isTrue();
    assertThat(ContentType.parse("text/plain").isJson()).isFalse();
    assertThat(ContentType.parse("text/plain").isText()).isTrue();
    assertThat(ContentType.parse("application/json;charset=latin1").isUtf8()).isFalse();
    assertThat(ContentType.parse("application/json; foo=bar").charset()).isNull();
  }

  @Test
  void garbageIs415() {
    for (String header : new String[] {"json", "/json", "application/", "a/b/c"}) {
      assertThatThrownBy(() -> ContentType.parse(header))
          .isInstanceOfSatisfying(
              EventFormatException.class, e -> assertThat(e.refusal().status()).isEqualTo(415));
    }
  }
}
