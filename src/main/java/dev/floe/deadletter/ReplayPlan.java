package dev.floe.deadletter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.Table;

/**
 * What a replay decided before it touched any table: each dead letter it takes and the table
 * routing sent it to. Written next to the table's metadata before the lease names it, so a replay
 * finished after a crash sends every row where the first attempt did, even if routes changed
 * meanwhile. One line per row, {@code <dead_letter_id> TAB <table>}.
 */
record ReplayPlan(Map<String, String> tableById) {

  static String location(Table deadLetters, String replayId) {
    return deadLetters.location() + "/metadata/floe-replay-" + replayId + ".plan";
  }

  void write(Table deadLetters, String location) {
    StringBuilder b = new StringBuilder();
    tableById.forEach((id, table) -> b.append(id).append('\t').append(table).append('\n'));
    try (OutputStream out = deadLetters.io().newOutputFile(location).createOrOverwrite()) {
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ReplayPlan read(Table deadLetters, String location) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (InputStream in = deadLetters.io().newInputFile(location).newStream()) {
      in.transferTo(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        m.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    return new ReplayPlan(m);
  }

  static void delete(Table deadLetters, String location) {
    try {
      deadLetters.io().deleteFile(location);
    } catch (RuntimeException e) {
      // only a small file left behind; the replay is done
    }
  }
}
