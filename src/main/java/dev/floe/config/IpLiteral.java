package dev.floe.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Reads an IP address written as a literal, never through a name lookup: what a header or the
 * container names as an address must not make Floe ask DNS.
 */
public final class IpLiteral {
  private IpLiteral() {}

  /** The 4 or 16 bytes of {@code text}, or null when it is not an IPv4 or IPv6 literal. */
  public static byte[] parse(String text) {
    if (text == null) {
      return null;
    }
    String s = text.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    int zone = s.indexOf('%');
    if (zone >= 0) {
      s = s.substring(0, zone);
    }
    if (s.isEmpty() || s.length() > 45) {
      return null;
    }
    if (s.indexOf(':') < 0) {
      return v4(s);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
        return null;
      }
    }
    try {
      // a literal holding ':' is parsed as IPv6 and never looked up
      byte[] a = InetAddress.getByName(s).getAddress();
      return a.length == 16 && isMappedV4(a) ? java.util.Arrays.copyOfRange(a, 12, 16) : a;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static byte[] v4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3) {
        return null;
      }
      int n = 0;
      for (int j = 0; j < p.length(); j++) {
        char c = p.charAt(j);
        if (c < '0' || c > '9') {
          return null;
        }
        n = n * 10 + (c - '0');
      }
      if (n > 255) {
        return null;
      }
      out[i] = (byte) n;
    }
    return out;
  }

  private static boolean isMappedV4(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }
}
