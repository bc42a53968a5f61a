package dev.floe.ingest;

import dev.floe.cloudevents.Canonical;
import dev.floe.cloudevents.Text;
import dev.floe.event.CloudflareInfo;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;

/**
 * Builds {@link CloudflareInfo} from what Cloudflare adds to a request (colo from {@code CF-Ray},
 * visitor location headers) and from the connection (protocol, TLS). The headers count only when
 * the request came from a peer the operator trusts (anyone can send them); values that are absent,
 * blank or implausibly long become null: these headers are hints, never a reason to refuse.
 */
final class CloudflareHeaders {
  static final int MAX_VALUE_CHARS = 256;

  static final String CIPHER_SUITE = "jakarta.servlet.request.cipher_suite";

  /** Servlet 6.1's standard attribute, then Tomcat's; earlier containers expose neither. */
  private static final String[] TLS_PROTOCOL = {
    "jakarta.servlet.request.secure_protocol", "org.apache.tomcat.util.net.secure_protocol_version"
  };

  /** Requests from one place over one protocol share their facts; buffered events share them. */
  private static final Canonical<CloudflareInfo> SEEN = new Canonical<>(1024);

  private CloudflareHeaders() {}

  /** With {@code trusted} false the {@code CF-*} headers are ignored; the connection counts. */
  static CloudflareInfo from(HttpServletRequest request, boolean trusted) {
    return from(
        trusted ? request::getHeader : UNTRUSTED,
        request.getProtocol(),
        request.isSecure(),
        request::getAttribute);
  }

  private static final Function<String, String> UNTRUSTED = name -> null;

  static CloudflareInfo from(
      Function<String, String> header,
      String protocol,
      boolean secure,
      Function<String, Object> attribute) {
    String tlsVersion = null;
    String tlsCipher = null;
    if (secure) {
      tlsCipher = clean(attribute.apply(CIPHER_SUITE));
      for (String name : TLS_PROTOCOL) {
        tlsVersion = clean(attribute.apply(name));
        if (tlsVersion != null) {
          break;
        }
      }
    }
    return SEEN.of(
        new CloudflareInfo(
            colo(header.apply("CF-Ray")),
            clean(header.apply("CF-IPCountry")),
            clean(header.apply("cf-ipcity")),
            clean(header.apply("cf-ipcontinent")),
            clean(header.apply("cf-postal-code")),
            clean(header.apply("cf-region")),
            clean(header.apply("cf-timezone")),
            clean(protocol),
            tlsVersion,
            tlsCipher));
  }

  /** The data center code a Ray ID ends with: {@code 8a1b2c3d4e5f6789-SJC} is {@code SJC}. */
  static String colo(String ray) {
    String value = clean(ray);
    if (value == null) {
      return null;
    }
    int dash = value.lastIndexOf('-');
    if (dash < 0 || dash == value.length() - 1 || value.length() - dash - 1 > 8) {
      return null;
    }
    for (int i = dash + 1; i < value.length(); i++) {
      if (!Character.isLetterOrDigit(value.charAt(i)) || value.charAt(i) > 0x7e) {
        return null;
      }
    }
    return value.substring(dash + 1);
  }

  private static String clean(Object value) {
    if (!(value instanceof String s)) {
      return null;
    }
    if (s.length() > MAX_VALUE_CHARS) {
      return null;
    }
    String trimmed = s.trim();
    return trimmed.isEmpty() || Text.hasControl(trimmed) ? null : trimmed;
  }
}
