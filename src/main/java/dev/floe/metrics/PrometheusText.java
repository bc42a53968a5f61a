package dev.floe.metrics;

import dev.floe.config.Version;
import java.util.Locale;
import java.util.Map;

/**
 * Floe's figures in the Prometheus text format (version 0.0.4), written from {@link FloeStats}
 * alone: the same page on every server, whether or not it has MicroProfile Metrics. Counts become
 * {@code _total} counters, timings {@code _seconds} histograms (buckets, count and sum) with a
 * {@code _seconds_max} gauge, gauges stay gauges; {@code floe_build_info} carries the version.
 */
public final class PrometheusText {
  public static final String MEDIA_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  public static String of(FloeStats stats) {
    StringBuilder out = new StringBuilder(8192);
    family(out, "floe_build_info", "gauge", "always 1; the label says which Floe this is");
    sample(out, "floe_build_info", "version", Version.value(), 1);
    for (FloeStats.Count c : stats.counts()) {
      family(out, c.name + "_total", "counter", c.help);
      sample(out, c.name + "_total", null, null, c.get());
    }
    Map<String, Long> rejected = stats.rejectedByReason();
    family(out, FloeStats.REJECTED + "_total", "counter", "ingest requests refused, by reason");
    rejected.forEach(
        (reason, n) -> sample(out, FloeStats.REJECTED + "_total", "reason", reason, n));
    family(out, FloeStats.DEAD_LETTERED + "_total", "counter", "dead letters kept, by reason");
    stats
        .deadLettered
        .values()
        .forEach(
            (reason, n) -> sample(out, FloeStats.DEAD_LETTERED + "_total", "reason", reason, n));
    for (Timing t : stats.timings()) {
      String name = t.name + "_seconds";
      family(out, name, "histogram", t.help);
      long[] cumulative = t.cumulativeBuckets();
      for (int i = 0; i < cumulative.length; i++) {
        sample(out, name + "_bucket", "le", bound(Timing.BOUNDS[i]), cumulative[i]);
      }
      sample(out, name + "_bucket", "le", "+Inf", t.count());
      sample(out, name + "_count", null, null, t.count());
      sample(out, name + "_sum", null, null, t.totalSeconds());
      family(out, name + "_max", "gauge", "longest: " + t.help);
      sample(out, name + "_max", null, null, t.maxSeconds());
    }
    for (FloeStats.Gauge g : stats.gauges()) {
      family(out, g.name, "gauge", g.help);
      sample(out, g.name, null, null, g.get());
    }
    Map<String, TypeFigures.Figures> byType = stats.byType.byLabel();
    family(out, TypeFigures.EVENTS, "gauge", TypeFigures.EVENTS_HELP);
    byType.forEach((type, f) -> sample(out, TypeFigures.EVENTS, "type", type, f.events()));
    family(out, TypeFigures.BYTES, "gauge", TypeFigures.BYTES_HELP);
    byType.forEach((type, f) -> sample(out, TypeFigures.BYTES, "type", type, f.bytes()));
    String accepted = TypeFigures.ACCEPTED + "_total";
    family(out, accepted, "counter", TypeFigures.ACCEPTED_HELP);
    stats.byType.acceptedByLabel().forEach((type, n) -> sample(out, accepted, "type", type, n));
    TableFigures t = stats.byTable;
    family(out, TableFigures.BUFFERED, "gauge", TableFigures.BUFFERED_HELP);
    t.buffered().forEach((table, n) -> sample(out, TableFigures.BUFFERED, "table", table, n));
    String committed = TableFigures.COMMITTED + "_total";
    family(out, committed, "counter", TableFigures.COMMITTED_HELP);
    t.committedByTable().forEach((table, n) -> sample(out, committed, "table", table, n));
    String commits = TableFigures.COMMITS + "_total";
    family(out, commits, "counter", TableFigures.COMMITS_HELP);
    t.commitsByTable().forEach((table, n) -> sample(out, commits, "table", table, n));
    return out.toString();
  }

  private static String bound(double seconds) {
    return java.math.BigDecimal.valueOf(seconds)
        .stripTrailingZeros()
        .toPlainString(); // 0.0001, not 1.0E-4
  }

  private static void family(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ');
    for (int i = 0; i < help.length(); i++) {
      char ch = help.charAt(i);
      if (ch == '\\') {
        out.append("\\\\");
      } else if (ch == '\n') {
        out.append("\\n");
      } else {
        out.append(ch);
      }
    }
    out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(
      StringBuilder out, String name, String label, String value, double number) {
    out.append(name);
    if (label != null) {
      out.append('{').append(label).append("=\"");
      for (int i = 0; i < value.length(); i++) {
        char ch = value.charAt(i);
        switch (ch) {
          case '\\' -> out.append("\\\\");
          case '"' -> out.append("\\\"");
          case '\n' -> out.append("\\n");
          default -> out.append(ch);
        }
      }
      out.append("\"}");
    }
    out.append(' ');
    if (number == Math.rint(number) && Math.abs(number) < 1e15) {
      out.append((long) number);
    } else {
      out.append(String.format(Locale.ROOT, "%s", number));
    }
    out.append('\n');
  }
}
