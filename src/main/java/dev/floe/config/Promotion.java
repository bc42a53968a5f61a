package dev.floe.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of {@code FLOE_COLUMNS}: an extension attribute ({@code ext.userid:long}) or a
 * top-level field of {@code data} ({@code data.page:string}) promoted to a typed optional column of
 * its own, named {@code ext_userid} or {@code data_page}.
 *
 * @param source {@code ext} or {@code data}
 * @param type one of {@link #TYPES}
 */
public record Promotion(String source, String name, String type) {
  /** The column types a promoted attribute may have. */
  public static final Set<String> TYPES =
      Set.of("string", "int", "long", "float", "double", "boolean");

  // extension names are lower-case letters and digits (CloudEvents); data fields get the same
  // rule plus '_', so the column name is a plain identifier every engine accepts unquoted
  private static final Pattern ENTRY =
      Pattern.compile("(ext|data)\\.([a-z0-9][a-z0-9_]{0,99}):([a-z]+)");

  /** Reads the comma-separated list, refusing a malformed, unknown-typed or repeated entry. */
  static List<Promotion> parseAll(String key, String value) {
    List<Promotion> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String raw : value.split(",")) {
      String entry = raw.trim().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) {
        continue;
      }
      Matcher m = ENTRY.matcher(entry);
      if (!m.matches()) {
        throw SettingsReader.bad(
            key, value, "must list entries such as ext.userid:long or data.page:string");
      }
      if (m.group(1).equals("ext") && m.group(2).contains("_")) {
        throw SettingsReader.bad(key, value, "extension names are letters and digits only");
      }
      if (!TYPES.contains(m.group(3))) {
        throw SettingsReader.bad(
            key,
            value,
            "names type '" + m.group(3) + "'; types are " + String.join(", ", sorted()));
      }
      if (!seen.add(m.group(1) + "." + m.group(2))) {
        throw SettingsReader.bad(key, value, "lists " + m.group(1) + "." + m.group(2) + " twice");
      }
      all.add(new Promotion(m.group(1), m.group(2), m.group(3)));
    }
    return List.copyOf(all);
  }

  private static List<String> sorted() {
    return TYPES.stream().sorted().toList();
  }

  @Override
  public String toString() {
    return source + "." + name + ":" + type;
  }
}
