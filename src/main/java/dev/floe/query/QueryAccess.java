package dev.floe.query;

import dev.floe.config.AccessSettings;
import dev.floe.config.QuerySettings;
import dev.floe.http.Problem;
import dev.floe.http.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.function.Function;

/**
 * Who may query: a caller with the admin token or one of {@code FLOE_QUERY_TOKENS} as a bearer
 * token; when neither kind of token is configured, loopback clients only, as on the admin side (a
 * request that came through a proxy does not count as loopback).
 */
final class QueryAccess {
  private static final String[] FORWARDING = {
    "Forwarded", "X-Forwarded-For", "X-Real-IP", "CF-Connecting-IP", "True-Client-IP"
  };

  private QueryAccess() {}

  /** Throws a 401 or 403 problem unless the request may query. */
  static void check(
      AccessSettings access, QuerySettings query, Function<String, String> header, String peer) {
    boolean tokens = access.adminToken() != null || !query.tokens().isEmpty();
    if (tokens) {
      String token = bearer(header.apply(HttpHeaders.AUTHORIZATION));
      if (token == null || !(access.isAdminToken(token) || query.isQueryToken(token))) {
        throw new ProblemException(
            new Problem(
                "https://floe.dev/problems/unauthorized",
                "Unauthorized",
                401,
                "queries need FLOE_ADMIN_TOKEN or a FLOE_QUERY_TOKENS key as a bearer token",
                null),
            -1);
      }
      return;
    }
    for (String h : FORWARDING) {
      if (header.apply(h) != null) {
        throw loopbackOnly();
      }
    }
    if (!isLoopback(peer)) {
      throw loopbackOnly();
    }
  }

  private static ProblemException loopbackOnly() {
    return ProblemException.forbidden(
        "queries answer only to loopback clients unless FLOE_ADMIN_TOKEN or FLOE_QUERY_TOKENS is"
            + " set");
  }

  static String bearer(String header) {
    if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String t = header.substring(7).trim();
    return t.isEmpty() ? null : t;
  }

  static boolean isLoopback(String address) {
    return address != null
        && (address.startsWith("127.")
            || address.equals("::1")
            || address.equals("0:0:0:0:0:0:0:1")
            || address.equals("[::1]"));
  }
}
