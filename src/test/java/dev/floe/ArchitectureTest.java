package dev.floe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house, drawn from the source tree's import lines: arrows between packages point inward only,
 * no class grows past 300 lines, and every package says its role in a {@code package-info.java}.
 * Plain file reading, no library: the rules are few and the source is small.
 */
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/dev/floe");
  private static final int MAX_LINES = 300;

  /** The HTTP edge: these may use any package, and no other package may use them. */
  private static final Set<String> OUTER = Set.of("http", "ingest", "ops", "query");

  /** For every other package, the Floe packages it may import: each one further inside. */
  private static final Map<String, Set<String>> INWARD =
      Map.ofEntries(
          Map.entry("event", Set.of()),
          Map.entry("config", Set.of()),
          Map.entry("metrics", Set.of("config")),
          Map.entry("cloudevents", Set.of("event")),
          Map.entry("wal", Set.of("event")),
          Map.entry("catalog", Set.of("event", "config", "metrics")),
          Map.entry("lake", Set.of("catalog", "event", "config", "metrics")),
          Map.entry("objects", Set.of("lake", "catalog", "event", "config", "metrics")),
          Map.entry("deadletter", Set.of("lake", "catalog", "event", "config", "metrics")),
          Map.entry(
              "maintenance",
              Set.of("buffer", "deadletter", "lake", "catalog", "event", "config", "metrics")),
          Map.entry(
              "buffer",
              Set.of(
                  "deadletter",
                  "objects",
                  "lake",
                  "wal",
                  "catalog",
                  "event",
                  "config",
                  "metrics")));

  /** A class allowed past the limit: the log's group commit reads best in one piece. */
  private static final Set<String> LONG_ALLOWED = Set.of("wal/WriteAheadLog.java");

  private static final Pattern FLOE_REFERENCE = Pattern.compile("\\bdev\\.floe\\.([a-z]+)\\.");

  @Test
  void arrowsBetweenPackagesPointInward() {
    List<String> outward = new ArrayList<>();
    for (Path file : sources()) {
      String pkg = packageOf(file);
      if (OUTER.contains(pkg)) {
        continue;
      }
      Set<String> allowed = INWARD.get(pkg);
      if (allowed == null) {
        outward.add(pkg + ": a new package; place it in the house (ArchitectureTest.INWARD)");
        continue;
      }
      outward.addAll(outward(pkg, allowed, relative(file), code(file)));
    }
    assertThat(outward).as("references that point outward").isEmpty();
  }

  /** The check itself catches an arrow that points outward, in an import or in code. */
  @Test
  void anOutwardArrowIsCaught() {
    List<String> lines =
        List.of(
            "import dev.floe.event.EventRecord;",
            "import dev.floe.lake.CommitResult;",
            "    var r = new dev.floe.buffer.Budget(1); ");
    assertThat(outward("wal", INWARD.get("wal"), "wal/X.java", lines))
        .hasSize(2)
        .anyMatch(s -> s.contains("uses lake"))
        .anyMatch(s -> s.contains("uses buffer"));
  }

  private static List<String> outward(
      String pkg, Set<String> allowed, String file, List<String> codeLines) {
    List<String> found = new ArrayList<>();
    for (String line : codeLines) {
      Matcher m = FLOE_REFERENCE.matcher(line);
      while (m.find()) {
        String target = m.group(1);
        if (!target.equals(pkg) && !allowed.contains(target)) {
          found.add(file + " uses " + target + ": " + line.trim());
        }
      }
    }
    return found;
  }

  @Test
  void theCloudEventsFormatHasNoJakartaImport() {
    List<String> jakarta = new ArrayList<>();
    for (Path file : sources()) {
      if (packageOf(file).equals("cloudevents")) {
        code(file).stream()
            .filter(l -> l.matches("\\s*import\\s+(static\\s+)?jakarta\\..*"))
            .forEach(l -> jakarta.add(relative(file) + ": " + l.trim()));
      }
    }
    assertThat(jakarta).isEmpty();
  }

  @Test
  void noClassIsLongerThan300Lines() {
    List<String> tooLong = new ArrayList<>();
    for (Path file : sources()) {
      int lines = lines(file).size();
      if (lines > MAX_LINES && !LONG_ALLOWED.contains(relative(file))) {
        tooLong.add(relative(file) + " has " + lines + " lines");
      }
    }
    assertThat(tooLong).isEmpty();
  }

  @Test
  void everyPackageSaysItsRole() throws IOException {
    List<String> missing = new ArrayList<>();
    try (Stream<Path> dirs = Files.walk(MAIN)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        boolean hasClasses;
        try (Stream<Path> files = Files.list(dir)) {
          hasClasses = files.anyMatch(f -> f.toString().endsWith(".java"));
        }
        if (hasClasses && !Files.exists(dir.resolve("package-info.java"))) {
          missing.add(MAIN.relativize(dir).toString());
        }
      }
    }
    assertThat(missing).as("packages without package-info.java").isEmpty();
  }

  @Test
  void theRulesSeeWhatTheyCheck() {
    List<Path> all = sources();
    assertThat(all).hasSizeGreaterThan(50);
    assertThat(all.stream().map(ArchitectureTest::packageOf).distinct())
        .contains("wal", "cloudevents", "buffer", "http");
    Path codec = MAIN.resolve("wal/EventCodec.java");
    assertThat(code(codec)).anyMatch(l -> FLOE_REFERENCE.matcher(l).find());
  }

  private static List<Path> sources() {
    try (Stream<Path> s = Files.walk(MAIN)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String packageOf(Path file) {
    return MAIN.relativize(file).getName(0).toString();
  }

  private static String relative(Path file) {
    return MAIN.relativize(file).toString().replace('\\', '/');
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lines that are code, not comments: a reference in javadoc draws no arrow. */
  private static List<String> code(Path file) {
    return lines(file).stream()
        .filter(l -> !l.trim().startsWith("*") && !l.trim().startsWith("/*"))
        .filter(l -> !l.trim().startsWith("//") && !l.trim().startsWith("package "))
        .map(l -> l.contains("//") ? l.substring(0, l.indexOf("//")) : l)
        .toList();
  }
}
