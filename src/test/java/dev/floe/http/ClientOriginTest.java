package dev.floe.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.config.TrustedProxies;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which client address a trusted proxy's headers name; the rate limits charge that one. */
class ClientOriginTest {
  private static final TrustedProxies ALL =
      TrustedProxies.from(k -> Optional.ofNullable(Map.of("floe.trust.cf.headers", "true").get(k)));
  private static final TrustedProxies RANGES =
      TrustedProxies.from(
          k -> Optional.ofNullable(Map.of("floe.trusted.proxies", "10.0.0.0/8").get(k)));

  private static String client(String peer, TrustedProxies t, String... headers) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    return ClientOrigin.client(peer, h::get, t);
  }

  @Test
  void cfConnectingIpNamesTheClient() {
    assertThat(client("10.0.0.5", RANGES, "CF-Connecting-IP", "198.51.100.7"))
        .isEqualTo("198.51.100.7");
    assertThat(client("10.0.0.5", RANGES, "cf-connecting-ip", "2001:db8::7"))
        .isEqualTo("2001:db8::7");
  }

  @Test
  void forwardedForIsReadFromTheRightPastTrustedHops() {
    // the left entries came from the sender, who may write anything there
    assertThat(client("10.0.0.5", RANGES, "X-Forwarded-For", "1.1.1.1, 198.51.100.7, 10.0.0.9"))
        .isEqualTo("198.51.100.7");
    assertThat(client("10.0.0.5", ALL, "X-Forwarded-For", "1.1.1.1, 198.51.100.7"))
        .isEqualTo("198.51.100.7");
  }

  @Test
  void garbageNamesNobodyAndThePeerIsCharged() {
    assertThat(client("10.0.0.5", RANGES, "CF-Connecting-IP", "evil.example"))
        .isEqualTo("10.0.0.5");
    assertThat(client("10.0.0.5", RANGES, "X-Forwarded-For", "1.1.1.1, nonsense, 10.0.0.9"))
        .isEqualTo("10.0.0.5");
    assertThat(client("10.0.0.5", RANGES)).isEqualTo("10.0.0.5");
    assertThat(client("10.0.0.5", RANGES, "X-Forwarded-For", "x".repeat(5000)))
        .isEqualTo("10.0.0.5");
  }
}
