package dev.floe.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whose word Floe takes for where a request came from: the Cloudflare headers ({@code CF-IPCountry}
 * and friends) and the client address a proxy names ({@code CF-Connecting-IP}, {@code
 * X-Forwarded-For}). Anyone can send those headers, so by default they are ignored; the operator
 * trusts them from every peer ({@code FLOE_TRUST_CF_HEADERS=true}, when only the proxy can reach
 * Floe) or from peers in address ranges ({@code FLOE_TRUSTED_PROXIES}, e.g. Cloudflare's published
 * ranges).
 *
 * @param all trust every peer
 * @param ranges trusted peer ranges, IPv4 and IPv6
 */
public record TrustedProxies(boolean all, List<Range> ranges) {
  static final String TRUST_CF = "floe.trust.cf.headers";
  static final String PROXIES = "floe.trusted.proxies";

  /** Nobody is trusted. */
  public static final TrustedProxies NONE = new TrustedProxies(false, List.of());

  /** An address range: the first {@code bits} bits of {@code prefix}. */
  public record Range(byte[] prefix, int bits) {
    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[whole] & mask) == (prefix[whole] & mask);
    }

    @Override
    public String toString() {
      try {
        return InetAddress.getByAddress(prefix).getHostAddress() + "/" + bits;
      } catch (UnknownHostException e) {
        return "?/" + bits;
      }
    }
  }

  /** True when anything may be trusted; false lets the request path skip every check. */
  public boolean any() {
    return all || !ranges.isEmpty();
  }

  /** True when a request from peer address {@code peer} may name its client and location. */
  public boolean trusts(String peer) {
    if (all) {
      return true;
    }
    if (ranges.isEmpty()) {
      return false;
    }
    return inRanges(peer);
  }

  /** True when {@code address} (an IP literal) lies in one of the trusted ranges. */
  public boolean inRanges(String address) {
    byte[] a = IpLiteral.parse(address);
    if (a == null) {
      return false;
    }
    for (Range r : ranges) {
      if (r.contains(a)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return all ? "trustCfHeaders=all peers" : ranges.isEmpty() ? "(none)" : ranges.toString();
  }

  /**
   * Reads {@code FLOE_TRUST_CF_HEADERS} (true or false) and {@code FLOE_TRUSTED_PROXIES} (CIDR
   * ranges or single addresses, separated by commas or spaces); throws naming the key on a bad
   * value.
   */
  public static TrustedProxies from(Function<String, Optional<String>> lookup) {
    String flag = lookup.apply(TRUST_CF).map(String::trim).orElse("").toLowerCase();
    if (!flag.isEmpty() && !flag.equals("true") && !flag.equals("false")) {
      throw new IllegalArgumentException(
          "FLOE_TRUST_CF_HEADERS (" + TRUST_CF + ") = " + flag + " must be true or false");
    }
    List<Range> ranges = new ArrayList<>();
    for (String s : lookup.apply(PROXIES).orElse("").split("[,\\s]+")) {
      if (!s.isEmpty()) {
        ranges.add(range(s));
      }
    }
    return new TrustedProxies(flag.equals("true"), List.copyOf(ranges));
  }

  private static Range range(String cidr) {
    int slash = cidr.indexOf('/');
    byte[] prefix = IpLiteral.parse(slash < 0 ? cidr : cidr.substring(0, slash));
    int bits = -1;
    if (prefix != null) {
      bits = prefix.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
      }
    }
    if (prefix == null || bits < 0 || bits > prefix.length * 8) {
      throw new IllegalArgumentException(
          "FLOE_TRUSTED_PROXIES ("
              + PROXIES
              + "): '"
              + cidr
              + "' is not an address range such as 173.245.48.0/20 or 2400:cb00::/32");
    }
    return new Range(prefix, bits);
  }
}
