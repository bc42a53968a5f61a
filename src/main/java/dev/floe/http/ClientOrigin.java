package dev.floe.http;

import dev.floe.config.IpLiteral;
import dev.floe.config.TrustedProxies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;

/**
 * Where a request came from, as far as Floe may believe it: whether its Cloudflare headers count,
 * and which client address the per-client rate limits charge. Headers naming a client or a place
 * are taken only from a peer the operator trusts ({@link TrustedProxies}); from anyone else they
 * are ignored, so a forged {@code CF-Connecting-IP} neither fills the {@code cf_*} columns nor lets
 * a client dodge its rate.
 */
@ApplicationScoped
public class ClientOrigin {
  @Inject TrustedProxies proxies;

  /** True when the request's {@code CF-*} headers may fill the {@code cf_*} columns. */
  public boolean trusted(HttpServletRequest request) {
    return proxies.any() && proxies.trusts(request.getRemoteAddr());
  }

  /** The client address the rate limits count for. */
  public String client(HttpServletRequest request) {
    String peer = request.getRemoteAddr();
    return proxies.any() && proxies.trusts(peer) ? client(peer, request::getHeader, proxies) : peer;
  }

  /**
   * The client a trusted proxy at {@code peer} names: {@code CF-Connecting-IP} when it holds an
   * address, else the right-most {@code X-Forwarded-For} entry outside the trusted ranges (entries
   * further left were written by whoever sent the request, and may be forged), else the peer.
   */
  static String client(String peer, Function<String, String> header, TrustedProxies proxies) {
    String cf = header.apply("CF-Connecting-IP");
    if (cf != null && IpLiteral.parse(cf) != null) {
      return cf.trim();
    }
    String forwarded = header.apply("X-Forwarded-For");
    if (forwarded != null && forwarded.length() <= 4096) {
      String[] hops = forwarded.split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = hops[i].trim();
        if (IpLiteral.parse(hop) == null) {
          break; // garbage: nothing left of it can be believed
        }
        if (!proxies.inRanges(hop)) {
          return hop;
        }
      }
    }
    return peer;
  }
}
