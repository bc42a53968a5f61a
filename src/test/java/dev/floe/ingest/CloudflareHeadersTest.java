package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.event.CloudflareInfo;
import dev.floe.testing.Fixtures;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CloudflareHeadersTest {

  private static CloudflareInfo from(
      Map<String, String> headers, boolean secure, Map<String, Object> attributes) {
    Map<String, String> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    ci.putAll(headers);
    return CloudflareHeaders.from(ci::get, "HTTP/1.1", secure, attributes::get);
  }

  @Test
  void readsEveryCloudflareHeader() {
    CloudflareInfo cf =
        from(
            Map.of(
                "cf-ray", "8a1b2c3d4e5f6789-SJC",
                "cf-ipcountry", "US",
                "CF-IPCity", "San Jose",
                "cf-ipcontinent", "NA",
                "cf-region", "California",
                "cf-postal-code", "95113",
                "cf-timezone", "America/Los_Angeles"),
            false,
            Map.of());

    assertThat(cf).isEqualTo(Fixtures.sanJose("San Jose", "HTTP/1.1", null, null));
  }

  @Test
  void absentHeadersAreNull() {
    CloudflareInfo cf = from(Map.of(), false, Map.of());
    assertThat(cf)
        .isEqualTo(
            new CloudflareInfo(null, null, null, null, null, null, null, "HTTP/1.1", null, null));
  }

  @Test
  void tlsFactsOnlyOverTls() {
    Map<String, Object> tls =
        Map.of(
            CloudflareHeaders.CIPHER_SUITE,
            "TLS_AES_128_GCM_SHA256",
            "jakarta.servlet.request.secure_protocol",
            "TLSv1.3");

    assertThat(from(Map.of(), true, tls).tlsCipher()).isEqualTo("TLS_AES_128_GCM_SHA256");
    assertThat(from(Map.of(), true, tls).tlsVersion()).isEqualTo("TLSv1.3");
    assertThat(from(Map.of(), false, tls).tlsCipher()).isNull();
    assertThat(from(Map.of(), true, Map.of()).tlsVersion()).isNull();
  }

  @Test
  void implausibleValuesAreDropped() {
    CloudflareInfo cf =
        from(
            Map.of(
                "cf-ipcity",
                "x".repeat(257),
                "cf-region",
                "   ",
                "cf-timezone",
                "bad\u0001zone",
                "cf-ipcountry",
                "y".repeat(256)),
            false,
            Map.of());

    assertThat(cf.city()).isNull();
    assertThat(cf.region()).isNull();
    assertThat(cf.timezone()).isNull();
    assertThat(cf.country()).hasSize(256);
  }

  @Test
  void coloIsTheRaySuffix() {
    assertThat(CloudflareHeaders.colo("8a1b2c3d4e5f6789-SJC")).isEqualTo("SJC");
    assertThat(CloudflareHeaders.colo(" 8a1b2c3d4e5f6789-LHR ")).isEqualTo("LHR");
    assertThat(CloudflareHeaders.colo("8a1b2c3d4e5f6789")).isNull();
    assertThat(CloudflareHeaders.colo("8a1b2c3d4e5f6789-")).isNull();
    assertThat(CloudflareHeaders.colo("8a1b-S/C")).isNull();
    assertThat(CloudflareHeaders.colo("8a1b-" + "A".repeat(20))).isNull();
    assertThat(CloudflareHeaders.colo(null)).isNull();
  }

  @Test
  void headersOfAnUntrustedPeerAreIgnoredButTheConnectionCounts() {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(
        Map.of("CF-IPCountry", "US", "CF-Ray", "8a1b2c3d4e5f6789-SJC", "cf-ipcity", "X"));
    jakarta.servlet.http.HttpServletRequest request =
        (jakarta.servlet.http.HttpServletRequest)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getHeader" -> headers.get((String) args[0]);
                      case "getProtocol" -> "HTTP/2.0";
                      case "isSecure" -> false;
                      default -> null;
                    });

    CloudflareInfo forged = CloudflareHeaders.from(request, false);
    assertThat(forged)
        .isEqualTo(
            new CloudflareInfo(null, null, null, null, null, null, null, "HTTP/2.0", null, null));
    CloudflareInfo trusted = CloudflareHeaders.from(request, true);
    assertThat(trusted.country()).isEqualTo("US");
    assertThat(trusted.colo()).isEqualTo("SJC");
    assertThat(trusted.city()).isEqualTo("X");
  }
}
