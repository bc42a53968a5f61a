package dev.floe.event;

import java.time.Instant;
import java.util.Map;

/**
 * One accepted CloudEvent, normalized to the table's columns: what ingest hands to the buffers and
 * what the writer turns into a row.
 *
 * @param time the event's own time, or null when the event had none
 * @param data the JSON text of {@code data}, or the base64 text of {@code data_base64} or of a
 *     binary-mode body that is not JSON; null when the event has no data
 * @param extensions every other top-level attribute, as strings; never null
 * @param cloudflare request and connection facts; never null, fields may be null
 * @param receivedAt when Floe accepted the event; partitions events that carry no time
 */
public record EventRecord(
    String id,
    String type,
    String source,
    String specversion,
    Instant time,
    String subject,
    String datacontenttype,
    String dataschema,
    String data,
    Map<String, String> extensions,
    CloudflareInfo cloudflare,
    Instant receivedAt) {

  /** The same event with other extension attributes. */
  public EventRecord withExtensions(Map<String, String> extensions) {
    return new EventRecord(
        id,
        type,
        source,
        specversion,
        time,
        subject,
        datacontenttype,
        dataschema,
        data,
        Map.copyOf(extensions),
        cloudflare,
        receivedAt);
  }

  /** The instant that decides the event's hour partition. */
  public Instant partitionTime() {
    return time != null ? time : receivedAt;
  }

  /** A rough count of the heap this event holds while buffered, for the memory budget. */
  public long estimatedBytes() {
    long bytes = 160;
    bytes += chars(id) + chars(type) + chars(source) + chars(specversion) + chars(subject);
    bytes += chars(datacontenttype) + chars(dataschema) + chars(data);
    for (Map.Entry<String, String> e : extensions.entrySet()) {
      bytes += 48 + chars(e.getKey()) + chars(e.getValue());
    }
    return bytes + cloudflare.estimatedBytes();
  }

  static long chars(String s) {
    return s == null ? 0 : 40 + 2L * s.length();
  }
}
