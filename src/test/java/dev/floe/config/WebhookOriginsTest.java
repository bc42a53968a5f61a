package dev.floe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookOriginsTest {

  @Test
  void everySenderByDefault() {
    WebhookOrigins w = WebhookOrigins.from(k -> Optional.empty());
    assertThat(w.allows("eventgrid.azure.net")).isTrue();
  }

  @Test
  void onlyTheNamedHostsIgnoringCase() {
    WebhookOrigins w =
        WebhookOrigins.from(k -> Optional.of(" EventGrid.Azure.net , sender.example.com:8443"));
    assertThat(w.allows("eventgrid.azure.net")).isTrue();
    assertThat(w.allows("sender.example.com:8443")).isTrue();
    assertThat(w.allows("sender.example.com")).isFalse();
    assertThat(w.allows("evil.example.org")).isFalse();
  }

  @Test
  void aUrlIsNotAHostName() {
    assertThatThrownBy(() -> WebhookOrigins.from(k -> Optional.of("https://x.example.com")))
        .hasMessageContaining("FLOE_WEBHOOK_ORIGINS");
  }
}
