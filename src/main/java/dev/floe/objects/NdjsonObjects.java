package dev.floe.objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.floe.event.EventRecord;
import dev.floe.event.StructuredEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * Gzipped NDJSON: one CloudEvent per line in the structured JSON format, every attribute as it was
 * received (extensions as strings), {@code data} as its JSON, or {@code data_base64} when the
 * stored text is not JSON. The Cloudflare facts are extension attributes named as the table's
 * {@code cf_*} columns without the underscore ({@code cfcolo}, {@code cfcountry}, ...): CloudEvents
 * attribute names are lower-case letters and digits only.
 */
final class NdjsonObjects {
  private static final JsonFactory JSON = new JsonFactory();

  private NdjsonObjects() {}

  /** Writes the events to {@code out}, replacing it; returns the object's size in bytes. */
  static long write(OutputFile out, java.util.List<EventRecord> events) {
    try (PositionOutputStream file = out.createOrOverwrite()) {
      GZIPOutputStream zip = new GZIPOutputStream(file, 64 * 1024);
      JsonGenerator g = JSON.createGenerator(zip);
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setRootValueSeparator(null);
      for (EventRecord e : events) {
        StructuredEvents.write(g, e);
        g.flush();
        zip.write('\n');
      }
      g.close(); // closes neither stream: the gzip trailer goes below
      zip.finish();
      zip.flush();
      return file.getPos();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
