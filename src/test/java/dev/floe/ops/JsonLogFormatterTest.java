package dev.floe.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode format(LogRecord r) throws Exception {
    String line = new JsonLogFormatter().format(r);
    assertThat(line).endsWith(System.lineSeparator());
    assertThat(line.strip()).doesNotContain("\n");
    return JSON.readTree(line);
  }

  @Test
  void aCommitLineCarriesItsFields() throws Exception {
    LogRecord r =
        new LogRecord(
            Level.INFO, "Committed analytics.events snapshot 42: 7 rows in 2 files (31 ms)");
    r.setLoggerName("dev.floe.lake.TableCommitter");
    JsonNode o = format(r);
    assertThat(o.path("level").asText()).isEqualTo("INFO");
    assertThat(o.path("logger").asText()).isEqualTo("dev.floe.lake.TableCommitter");
    assertThat(o.path("time").asText()).endsWith("Z");
    assertThat(o.path("table").asText()).isEqualTo("analytics.events");
    assertThat(o.path("snapshot").asLong()).isEqualTo(42);
    assertThat(o.path("rows").asLong()).isEqualTo(7);
    assertThat(o.path("files").asLong()).isEqualTo(2);
    assertThat(o.path("millis").asLong()).isEqualTo(31);
  }

  @Test
  void otherLinesParametersQuotesAndExceptionsStayOneObject() throws Exception {
    LogRecord r = new LogRecord(Level.WARNING, "flush of {0} failed: \"{1}\"\nsecond line");
    r.setParameters(new Object[] {"page.view", "boom"});
    r.setThrown(new IllegalStateException("bad"));
    JsonNode o = format(r);
    assertThat(o.path("message").asText())
        .isEqualTo("flush of page.view failed: \"boom\"\nsecond line");
    assertThat(o.has("snapshot")).isFalse();
    assertThat(o.path("exception").asText()).contains("IllegalStateException: bad");
  }
}
