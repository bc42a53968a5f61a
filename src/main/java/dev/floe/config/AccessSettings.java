package dev.floe.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who may send events and who may use the admin side. Keys are kept only as SHA-256 digests, so a
 * heap dump or a debugger shows no key, and compared in constant time.
 *
 * @param ingestKeys keys that {@code /events*} require when any is set; none: open ingest
 * @param adminToken digest of {@code FLOE_ADMIN_TOKEN}, or null: the admin side answers loopback
 *     only
 * @param adminCallsPerMinute state-changing admin calls allowed per minute (a burst of that many)
 * @param corsOrigins origins browsers may send events from ({@code FLOE_CORS_ORIGINS}; {@code *}
 *     for any); empty: CORS off
 * @param adminPort the only port the admin side answers on, and the one ingest does not ({@code
 *     FLOE_ADMIN_PORT}); 0: one port for all
 */
public record AccessSettings(
    List<IngestKey> ingestKeys,
    byte[] adminToken,
    int adminCallsPerMinute,
    List<String> corsOrigins,
    int adminPort) {

  static final String TOKENS = "floe.ingest.tokens";
  static final String TOKENS_FILE = "floe.ingest.tokens.file";
  static final String ADMIN_TOKEN = "floe.admin.token";
  static final String ADMIN_TOKEN_FILE = "floe.admin.token.file";

  /**
   * An ingest key: the name that goes into the table with every event it sent ({@code floekey}
   * extension), its digest, the event-type prefixes it may send (empty: any type), and for a site
   * key, meant to be embedded in a web page, the only origins it may be sent from.
   */
  public record IngestKey(
      String name, byte[] digest, List<String> typePrefixes, List<String> origins) {

    /** A public key for web pages: only from its origins, and it may travel in the URL. */
    public boolean isSiteKey() {
      return !origins.isEmpty();
    }

    /** True when this key may send events of {@code type}. */
    public boolean allows(String type) {
      if (typePrefixes.isEmpty()) {
        return true;
      }
      for (String p : typePrefixes) {
        if (type.startsWith(p)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return name
          + (typePrefixes.isEmpty() ? "" : " (types " + typePrefixes + ")")
          + (origins.isEmpty() ? "" : " (site key for " + origins + ")");
    }
  }

  public boolean corsEnabled() {
    return !corsOrigins.isEmpty();
  }

  /** True when browsers may send from {@code origin}. */
  public boolean corsAllows(String origin) {
    return corsOrigins.contains("*") || corsOrigins.contains(origin);
  }

  public boolean ingestKeysRequired() {
    return !ingestKeys.isEmpty();
  }

  /**
   * The key whose digest equals that of {@code presented}, or null; constant time over all keys.
   */
  public IngestKey ingestKey(String presented) {
    byte[] d = digest(presented);
    IngestKey found = null;
    for (IngestKey k : ingestKeys) {
      if (MessageDigest.isEqual(k.digest, d) && found == null) {
        found = k;
      }
    }
    return found;
  }

  /** True when {@code presented} is the admin token; false when none is configured. */
  public boolean isAdminToken(String presented) {
    return adminToken != null && MessageDigest.isEqual(adminToken, digest(presented));
  }

  /** For the settings log line: names only, never a key. */
  @Override
  public String toString() {
    return "ingestKeys="
        + (ingestKeys.isEmpty() ? "(open)" : ingestKeys.toString())
        + ", adminToken="
        + (adminToken == null ? "(loopback only)" : "****")
        + (corsOrigins.isEmpty() ? "" : ", corsOrigins=" + corsOrigins)
        + (adminPort == 0 ? "" : ", adminPort=" + adminPort);
  }

  /**
   * Reads {@code FLOE_INGEST_TOKENS} and the file {@code FLOE_INGEST_TOKENS_FILE} (entries
   * separated by commas or new lines, each {@code key}, {@code name:key}, {@code
   * name:key:prefix|prefix} or, for a site key, {@code name:key:prefix|...:origin|origin}; lines
   * starting with {@code #} are comments), and {@code FLOE_ADMIN_TOKEN} or the file {@code
   * FLOE_ADMIN_TOKEN_FILE}. Throws naming the key when an entry is malformed; the message never
   * holds a key.
   */
  public static AccessSettings from(Function<String, Optional<String>> lookup) {
    List<String> entries = new ArrayList<>();
    lookup.apply(TOKENS).ifPresent(v -> entries.addAll(split(v)));
    lookup
        .apply(TOKENS_FILE)
        .map(String::trim)
        .filter(f -> !f.isEmpty())
        .ifPresent(
            f -> entries.addAll(split(read(f, "FLOE_INGEST_TOKENS_FILE (" + TOKENS_FILE + ")"))));
    List<IngestKey> keys = new ArrayList<>();
    for (String entry : entries) { // a name may repeat: the old and new key while rotating
      keys.add(parse(entry, keys.size() + 1));
    }
    String admin = lookup.apply(ADMIN_TOKEN).map(String::trim).orElse("");
    Optional<String> adminFile =
        lookup.apply(ADMIN_TOKEN_FILE).map(String::trim).filter(f -> !f.isEmpty());
    if (admin.isEmpty() && adminFile.isPresent()) {
      admin = read(adminFile.get(), "FLOE_ADMIN_TOKEN_FILE (" + ADMIN_TOKEN_FILE + ")").trim();
    }
    if (!admin.isEmpty() && admin.length() < 16) {
      throw new IllegalArgumentException(
          "FLOE_ADMIN_TOKEN (" + ADMIN_TOKEN + ") must be at least 16 characters long");
    }
    int perMinute = 60;
    String rate = lookup.apply("floe.admin.calls.per.minute").map(String::trim).orElse("");
    if (!rate.isEmpty()) {
      try {
        perMinute = Integer.parseInt(rate);
      } catch (NumberFormatException e) {
        perMinute = -1;
      }
      if (perMinute < 1 || perMinute > 100_000) {
        throw new IllegalArgumentException(
            "FLOE_ADMIN_CALLS_PER_MINUTE (floe.admin.calls.per.minute) = "
                + rate
                + " must be between 1 and 100000");
      }
    }
    List<String> cors = new ArrayList<>();
    for (String o : lookup.apply("floe.cors.origins").orElse("").split(",")) {
      String t = o.trim();
      if (t.endsWith("/")) {
        t = t.substring(0, t.length() - 1);
      }
      if (t.isEmpty()) {
        continue;
      }
      if (!t.equals("*") && !t.matches("https?://[^/\\s]+")) {
        throw new IllegalArgumentException(
            "FLOE_CORS_ORIGINS (floe.cors.origins): '"
                + t
                + "' is not an origin such as https://www.example.com, or *");
      }
      cors.add(t);
    }
    return new AccessSettings(
        List.copyOf(keys),
        admin.isEmpty() ? null : digest(admin),
        perMinute,
        List.copyOf(cors),
        IngestLimits.Durations.integer(lookup, "floe.admin.port", 0, 1, 65_535));
  }

  private static IngestKey parse(String entry, int n) {
    String[] parts = entry.split(":", 4); // origins, the fourth part, hold ':' themselves
    String name = parts.length == 1 ? "key" + n : parts[0].trim();
    String key = (parts.length == 1 ? parts[0] : parts[1]).trim();
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw malformed(n, "has a name that is not 1-64 of A-Z a-z 0-9 . _ -");
    }
    if (key.length() < 16) {
      throw malformed(n, "has a key shorter than 16 characters");
    }
    List<String> prefixes = new ArrayList<>();
    if (parts.length >= 3 && !parts[2].isBlank()) {
      for (String p : parts[2].split("\\|")) {
        String t = p.trim();
        if (t.endsWith("*")) {
          t = t.substring(0, t.length() - 1);
        }
        if (t.isEmpty()) {
          throw malformed(n, "has an empty type prefix");
        }
        prefixes.add(t);
      }
    }
    List<String> origins = new ArrayList<>();
    if (parts.length == 4) {
      for (String o : parts[3].split("\\|")) {
        String t = o.trim();
        if (!t.matches("https?://[^/\\s]+")) {
          throw malformed(n, "has an origin that is not like https://www.example.com");
        }
        origins.add(t);
      }
    }
    return new IngestKey(name, digest(key), List.copyOf(prefixes), List.copyOf(origins));
  }

  private static IllegalArgumentException malformed(int n, String why) {
    return new IllegalArgumentException(
        "FLOE_INGEST_TOKENS (" + TOKENS + "): entry " + n + " " + why);
  }

  private static List<String> split(String value) {
    List<String> out = new ArrayList<>();
    for (String line : value.split("[,\\n]")) {
      String t = line.trim();
      if (!t.isEmpty() && !t.startsWith("#")) {
        out.add(t);
      }
    }
    return out;
  }

  private static String read(String file, String key) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(key + ": cannot read " + file + ": " + e.getMessage());
    }
  }

  static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
