package dev.floe.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JSON object per log line ({@code FLOE_LOG_FORMAT=json}): {@code time}, {@code level}, {@code
 * logger}, {@code thread}, {@code message}, {@code exception} when there is one, and on a commit
 * line its {@code table}, {@code snapshot}, {@code rows}, {@code files} and {@code millis} as
 * fields, so a log pipeline can chart commits without parsing text.
 */
final class JsonLogFormatter extends Formatter {
  private static final JsonFactory JSON = new JsonFactory();

  /** The committer's line: "Committed t snapshot 1: 2 rows in 3 files (4 ms)". */
  private static final Pattern COMMIT =
      Pattern.compile(
          "Committed (\\S+) snapshot (-?\\d+): (\\d+) rows in (\\d+) files \\((\\d+) ms\\).*",
          Pattern.DOTALL);

  @Override
  public String format(LogRecord r) {
    StringWriter out = new StringWriter(256);
    String message = formatMessage(r);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("time", Instant.ofEpochMilli(r.getMillis()).toString());
      g.writeStringField("level", r.getLevel().getName());
      g.writeStringField("logger", r.getLoggerName());
      g.writeStringField("thread", Thread.currentThread().getName());
      g.writeStringField("message", message);
      Matcher m = message == null ? null : COMMIT.matcher(message);
      if (m != null && m.matches()) {
        g.writeStringField("table", m.group(1));
        g.writeNumberField("snapshot", Long.parseLong(m.group(2)));
        g.writeNumberField("rows", Long.parseLong(m.group(3)));
        g.writeNumberField("files", Long.parseLong(m.group(4)));
        g.writeNumberField("millis", Long.parseLong(m.group(5)));
      }
      if (r.getThrown() != null) {
        StringWriter trace = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(trace));
        g.writeStringField("exception", trace.toString());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.append(System.lineSeparator()).toString();
  }
}
