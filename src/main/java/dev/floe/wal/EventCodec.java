package dev.floe.wal;

import dev.floe.lake.CloudflareInfo;
import dev.floe.lake.EventRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events as log record payloads: a version byte, a count, then each event's fields in order;
 * strings as a length (-1 for null) and UTF-8 bytes, instants as seconds and nanos.
 */
public final class EventCodec {
  private static final int VERSION = 1;

  private EventCodec() {}

  public static byte[] encode(List<EventRecord> events) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * events.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(events.size());
      for (EventRecord e : events) {
        write(out, e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen in memory
    }
    return bytes.toByteArray();
  }

  public static List<EventRecord> decode(byte[] payload) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IOException("unknown event encoding version " + version);
      }
      int n = in.readInt();
      List<EventRecord> events = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        events.add(read(in));
      }
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(DataOutputStream out, EventRecord e) throws IOException {
    str(out, e.id());
    str(out, e.type());
    str(out, e.source());
    str(out, e.specversion());
    instant(out, e.time());
    str(out, e.subject());
    str(out, e.datacontenttype());
    str(out, e.dataschema());
    str(out, e.data());
    out.writeInt(e.extensions().size());
    for (Map.Entry<String, String> x : e.extensions().entrySet()) {
      str(out, x.getKey());
      str(out, x.getValue());
    }
    CloudflareInfo c = e.cloudflare();
    for (String s :
        new String[] {
          c.colo(), c.country(), c.city(), c.continent(), c.postalCode(),
          c.region(), c.timezone(), c.httpProtocol(), c.tlsVersion(), c.tlsCipher()
        }) {
      str(out, s);
    }
    instant(out, e.receivedAt());
  }

  private static EventRecord read(DataInputStream in) throws IOException {
    String id = str(in);
    String type = str(in);
    String source = str(in);
    String specversion = str(in);
    Instant time = instant(in);
    String subject = str(in);
    String datacontenttype = str(in);
    String dataschema = str(in);
    String data = str(in);
    int n = in.readInt();
    Map<String, String> extensions = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      extensions.put(str(in), str(in));
    }
    CloudflareInfo cf =
        new CloudflareInfo(
            str(in), str(in), str(in), str(in), str(in), str(in), str(in), str(in), str(in),
            str(in));
    if (cf.equals(CloudflareInfo.NONE)) {
      cf = CloudflareInfo.NONE;
    }
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
        java.util.Collections.unmodifiableMap(extensions),
        cf,
        instant(in));
  }

  private static void str(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String str(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  private static void instant(DataOutputStream out, Instant t) throws IOException {
    out.writeBoolean(t != null);
    if (t != null) {
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    }
  }

  private static Instant instant(DataInputStream in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }
}
