package dev.floe.lake;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZonedDateTime;
import java.util.HexFormat;

/**
 * The folder of a partition under {@code data/}, as the seed lays it out: {@code
 * type=<t>/year=2024/month=01/day=15/hour=14}. The type is URL-encoded, so {@code /} and {@code ..}
 * can never leave the folder, and a very long type is cut and suffixed with a hash so the name
 * stays within file-system limits.
 */
public final class PartitionPath {
  private static final int MAX_SEGMENT = 200;

  private PartitionPath() {}

  public static String of(String type, ZonedDateTime hour) {
    return "type="
        + typeSegment(type)
        + String.format(
            "/year=%04d/month=%02d/day=%02d/hour=%02d",
            hour.getYear(), hour.getMonthValue(), hour.getDayOfMonth(), hour.getHour());
  }

  /** {@code type} as one safe path segment: URL-encoded, never {@code .} or {@code ..}, cut. */
  public static String typeSegment(String type) {
    String encoded = URLEncoder.encode(type, StandardCharsets.UTF_8);
    if (encoded.equals(".") || encoded.equals("..")) {
      encoded = encoded.replace(".", "%2E");
    }
    if (encoded.length() <= MAX_SEGMENT) {
      return encoded;
    }
    int cut = MAX_SEGMENT - 17; // room for '~' and 16 hex digits
    if (encoded.charAt(cut - 1) == '%') {
      cut -= 1;
    } else if (encoded.charAt(cut - 2) == '%') {
      cut -= 2;
    }
    return encoded.substring(0, cut) + "~" + sha256Prefix(type);
  }

  private static String sha256Prefix(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
