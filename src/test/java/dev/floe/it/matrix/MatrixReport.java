package dev.floe.it.matrix;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the server matrix measured, one row per server: written as JSON and as a table. */
final class MatrixReport {
  /** One server's figures; a field stays null when the run failed before measuring it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class Row {
    public String server;
    public String artifact;
    public boolean passed;
    public final List<String> failures = new ArrayList<>();

    /** Launch of the configured server until Floe is ready, Floe deployed at start. */
    public Double startupSeconds;

    /** Payara Server, WildFly: the script's first run, with download and configuration. */
    public Double firstRunSeconds;

    public Double rssMib;
    public final List<Double> deploySeconds = new ArrayList<>();
    public Double ticksPerSecond;
    public List<String> floeThreadsFirst;
    public List<String> floeThreadsUndeployed;
    public List<String> floeThreadsLast;
    public Integer floeClassCopies;
  }

  private final Map<String, Row> rows = new LinkedHashMap<>();

  /** An assertion message on one line, cut to a length a table can show. */
  static String oneLine(String message) {
    String s = String.valueOf(message).replaceAll("\\s+", " ").strip();
    return s.length() <= 400 ? s : s.substring(0, 400) + " ...";
  }

  synchronized Row row(String server) {
    return rows.computeIfAbsent(
        server,
        s -> {
          Row r = new Row();
          r.server = s;
          return r;
        });
  }

  synchronized void write(Path file) throws IOException {
    new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(
            file.toFile(),
            Map.of(
                "measured_at",
                Instant.now().toString(),
                "cpus",
                Runtime.getRuntime().availableProcessors(),
                "servers",
                List.copyOf(rows.values())));
  }

  synchronized String table() {
    StringBuilder out = new StringBuilder();
    String format = "%-14s %-6s %10s %8s %14s %8s %16s  %s%n";
    out.append(
        String.format(
            Locale.ROOT,
            format,
            "server",
            "result",
            "startup s",
            "RSS MB",
            "deploy s",
            "ticks/s",
            "Floe threads",
            "artifact"));
    for (Row r : rows.values()) {
      out.append(
          String.format(
              Locale.ROOT,
              format,
              r.server,
              r.passed ? "ok" : "FAILED",
              number(r.startupSeconds),
              number(r.rssMib == null ? null : (double) Math.round(r.rssMib)),
              r.deploySeconds.isEmpty()
                  ? "-"
                  : String.join(" / ", r.deploySeconds.stream().map(MatrixReport::number).toList()),
              number(r.ticksPerSecond == null ? null : Math.round(r.ticksPerSecond * 100) / 100.0),
              threads(r),
              r.artifact == null ? "" : r.artifact));
      r.failures.forEach(f -> out.append("    - ").append(f).append('\n'));
    }
    out.append("(Floe threads: first deployment / after an undeploy / after two redeploys)\n");
    return out.toString();
  }

  /** Threads of Floe and its libraries: first deployment, while undeployed, after two redeploys. */
  private static String threads(Row r) {
    return count(r.floeThreadsFirst)
        + " / "
        + count(r.floeThreadsUndeployed)
        + " / "
        + count(r.floeThreadsLast);
  }

  private static String count(List<String> threads) {
    return threads == null ? "-" : Integer.toString(threads.size());
  }

  private static String number(Double d) {
    if (d == null) {
      return "-";
    }
    return d == Math.rint(d) ? Long.toString(d.longValue()) : Double.toString(d);
  }
}
