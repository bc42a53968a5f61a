package dev.floe.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Floe's own version, the Maven project version the build wrote into {@code version.properties}:
 * shown on the status page, in the start-up line and as {@code floe_build_info}.
 */
public final class Version {
  private static final String VALUE = load();

  private Version() {}

  public static String value() {
    return VALUE;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v; // an unfiltered copy, e.g. run from an IDE
    } catch (IOException e) {
      return "unknown";
    }
  }
}
