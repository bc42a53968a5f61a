package dev.floe.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AccessTest {

  @Test
  void bearerAndBasicCredentials() {
    assertThat(Bearer.token("Bearer abc", false)).isEqualTo("abc");
    assertThat(Bearer.token("bearer   abc ", false)).isEqualTo("abc");
    assertThat(Bearer.token("Bearer", false)).isNull();
    assertThat(Bearer.token(null, false)).isNull();
    String basic =
        "Basic " + Base64.getEncoder().encodeToString("u:p:w".getBytes(StandardCharsets.UTF_8));
    assertThat(Bearer.token(basic, true)).isEqualTo("p:w");
    assertThat(Bearer.token(basic, false)).isNull();
    assertThat(Bearer.token("Basic !!!", true)).isNull();
  }

  @Test
  void adminPathsAndMethods() {
    assertThat(AdminAccessFilter.isAdmin("debug/flush")).isTrue();
    assertThat(AdminAccessFilter.isAdmin("/admin")).isTrue();
    assertThat(AdminAccessFilter.isAdmin("admin/stats")).isTrue();
    assertThat(AdminAccessFilter.isAdmin("events")).isFalse();
    assertThat(AdminAccessFilter.isAdmin("administrator")).isFalse();
    assertThat(AdminAccessFilter.changesState("POST")).isTrue();
    assertThat(AdminAccessFilter.changesState("DELETE")).isTrue();
    assertThat(AdminAccessFilter.changesState("GET")).isFalse();
    assertThat(AdminAccessFilter.isLoopbackAddress("127.0.0.1")).isTrue();
    assertThat(AdminAccessFilter.isLoopbackAddress("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(AdminAccessFilter.isLoopbackAddress("10.0.0.1")).isFalse();
    assertThat(AdminAccessFilter.isLoopbackAddress(null)).isFalse();
  }
}
