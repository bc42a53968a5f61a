package dev.floe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  private static TrustedProxies read(Map<String, String> m) {
    return TrustedProxies.from(k -> Optional.ofNullable(m.get(k)));
  }

  @Test
  void nobodyIsTrustedByDefault() {
    TrustedProxies t = read(Map.of());
    assertThat(t.any()).isFalse();
    assertThat(t.trusts("127.0.0.1")).isFalse();
    assertThat(t.trusts("173.245.48.1")).isFalse();
    assertThat(read(Map.of("floe.trust.cf.headers", "false")).any()).isFalse();
  }

  @Test
  void trustCfHeadersTrustsEveryPeer() {
    TrustedProxies t = read(Map.of("floe.trust.cf.headers", "TRUE"));
    assertThat(t.trusts("203.0.113.9")).isTrue();
    assertThat(t.trusts("2001:db8::1")).isTrue();
  }

  @Test
  void rangesMatchIpv4AndIpv6Peers() {
    TrustedProxies t =
        read(Map.of("floe.trusted.proxies", "173.245.48.0/20, 2400:cb00::/32 10.1.2.3"));
    assertThat(t.trusts("173.245.48.1")).isTrue();
    assertThat(t.trusts("173.245.63.255")).isTrue();
    assertThat(t.trusts("173.245.64.0")).isFalse();
    assertThat(t.trusts("10.1.2.3")).isTrue();
    assertThat(t.trusts("10.1.2.4")).isFalse();
    assertThat(t.trusts("2400:cb00:2049:1::a29f:1804")).isTrue();
    assertThat(t.trusts("[2400:cb00::1]")).isTrue();
    assertThat(t.trusts("2400:cb01::1")).isFalse();
    assertThat(t.trusts("::ffff:173.245.48.7")).as("IPv4 seen as IPv6").isTrue();
    assertThat(t.trusts("fe80::1%eth0")).isFalse();
    assertThat(t.trusts("example.com")).as("never looked up").isFalse();
    assertThat(t.trusts(null)).isFalse();
    assertThat(t.toString()).contains("173.245.48.0/20").contains("2400:cb00:0:0:0:0:0:0/32");
  }

  @Test
  void oddPrefixLengthsCompareOnlyTheirBits() {
    TrustedProxies t = read(Map.of("floe.trusted.proxies", "192.168.1.128/25,0.0.0.0/0"));
    assertThat(t.ranges().get(0).contains(IpLiteral.parse("192.168.1.200"))).isTrue();
    assertThat(t.ranges().get(0).contains(IpLiteral.parse("192.168.1.127"))).isFalse();
    assertThat(t.trusts("8.8.8.8")).as("/0 trusts every IPv4 peer").isTrue();
    assertThat(t.trusts("2001:db8::1")).isFalse();
  }

  @Test
  void badValuesStopStartUpNamingTheKey() {
    assertThatThrownBy(() -> read(Map.of("floe.trust.cf.headers", "yes")))
        .hasMessageContaining("FLOE_TRUST_CF_HEADERS");
    for (String bad :
        new String[] {"10.0.0.0/33", "10.0.0/8", "2400::/129", "cloudflare", "1.2.3.4/x"}) {
      assertThatThrownBy(() -> read(Map.of("floe.trusted.proxies", bad)))
          .as(bad)
          .hasMessageContaining("FLOE_TRUSTED_PROXIES");
    }
  }

  @Test
  void literalsOnly() {
    assertThat(IpLiteral.parse("1.2.3.4")).containsExactly(1, 2, 3, 4);
    assertThat(IpLiteral.parse("256.1.1.1")).isNull();
    assertThat(IpLiteral.parse("1.2.3")).isNull();
    assertThat(IpLiteral.parse("01234.1.1.1")).isNull();
    assertThat(IpLiteral.parse("::1")).hasSize(16);
    assertThat(IpLiteral.parse("localhost")).isNull();
    assertThat(IpLiteral.parse("1.2.3.4, 5.6.7.8")).isNull();
    assertThat(IpLiteral.parse("g::1")).isNull();
  }
}
