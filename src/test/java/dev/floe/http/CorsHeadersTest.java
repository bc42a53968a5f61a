package dev.floe.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A browser's preflight may ask for the headers an ingest request needs, and no others. */
class CorsHeadersTest {
  @Test
  void preferMayBeSentForPerEventResults() {
    assertThat(CorsFilter.allowedHeaders("content-type, Prefer")).isTrue();
    assertThat(CorsFilter.allowedHeaders("content-type,authorization,ce-id")).isTrue();
  }

  @Test
  void otherHeadersAreNotAllowed() {
    assertThat(CorsFilter.allowedHeaders("content-type,x-forwarded-for")).isFalse();
  }
}
