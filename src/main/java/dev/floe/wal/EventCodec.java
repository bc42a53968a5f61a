package dev.floe.wal;

import dev.floe.event.CloudflareInfo;
import dev.floe.event.Columns;
import dev.floe.event.EventRecord;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Events as log record payloads: a version byte, a count, then each event's fields in order;
 * strings as a length (-1 for null) and UTF-8 bytes, instants as seconds and nanos. The Cloudflare
 * facts are written in the order of {@link Columns#CLOUDFLARE}; version 1 holds exactly the ten
 * facts that list has today, so a new fact needs a new version that still reads version 1 (the
 * codec test decodes bytes written by version 1 and fails when the list changes).
 *
 * <p>Version 2 carries the table each event was routed to ({@code FLOE_ROUTES}): after the version
 * byte, the record's tables (a count and their names), then the event count, and before each event
 * the index of its table (one byte). A record whose events all go to the default table is written
 * as version 1, and version 1 reads back as the default table: where it was written.
 */
public final class EventCodec {
  private static final int VERSION = 1;
  private static final int ROUTED = 2;
  private static final int MAX_TABLES = 255; // a table index is one byte

  private EventCodec() {}

  /** The events of one record and the table of each, in the same order. */
  public record Decoded(List<EventRecord> events, List<String> tables) {}

  public static byte[] encode(List<EventRecord> events) {
    Out out = new Out(256 * events.size() + 8);
    out.u8(VERSION);
    out.i32(events.size());
    for (EventRecord e : events) {
      write(out, e);
    }
    return out.bytes();
  }

  /**
   * Encodes events with the table {@code tableOf} gives each: version 1 when every one goes to
   * {@code defaultTable}, else version 2.
   */
  public static byte[] encode(
      List<EventRecord> events, Function<EventRecord, String> tableOf, String defaultTable) {
    Map<String, Integer> tables = new LinkedHashMap<>();
    byte[] index = new byte[events.size()];
    for (int i = 0; i < index.length; i++) {
      Integer at = tables.computeIfAbsent(tableOf.apply(events.get(i)), t -> tables.size());
      if (at >= MAX_TABLES) {
        throw new IllegalArgumentException("a log record holds at most 255 tables");
      }
      index[i] = (byte) at.intValue();
    }
    if (tables.isEmpty() || (tables.size() == 1 && tables.containsKey(defaultTable))) {
      return encode(events);
    }
    Out out = new Out(256 * events.size() + 16 + 64 * tables.size());
    out.u8(ROUTED);
    out.i32(tables.size());
    tables.keySet().forEach(out::str);
    out.i32(events.size());
    for (int i = 0; i < index.length; i++) {
      out.u8(index[i]);
      write(out, events.get(i));
    }
    return out.bytes();
  }

  public static List<EventRecord> decode(byte[] payload) {
    return decode(payload, null).events();
  }

  /** The events of a payload and their tables; version 1 events go to {@code defaultTable}. */
  public static Decoded decode(byte[] payload, String defaultTable) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      int version = in.readUnsignedByte();
      if (version != VERSION && version != ROUTED) {
        throw new IOException("unknown event encoding version " + version);
      }
      String[] names = new String[0];
      if (version == ROUTED) {
        names = new String[in.readInt()];
        for (int t = 0; t < names.length; t++) {
          names[t] = str(in);
        }
      }
      int n = in.readInt();
      List<EventRecord> events = new ArrayList<>(n);
      List<String> tables = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        tables.add(version == ROUTED ? names[in.readUnsignedByte()] : defaultTable);
        events.add(read(in));
      }
      return new Decoded(events, tables);
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      throw new UncheckedIOException(
          e instanceof IOException io ? io : new IOException("bad table index", e));
    }
  }

  private static void write(Out out, EventRecord e) {
    out.str(e.id());
    out.str(e.type());
    out.str(e.source());
    out.str(e.specversion());
    out.instant(e.time());
    out.str(e.subject());
    out.str(e.datacontenttype());
    out.str(e.dataschema());
    out.str(e.data());
    out.i32(e.extensions().size());
    for (Map.Entry<String, String> x : e.extensions().entrySet()) {
      out.str(x.getKey());
      out.str(x.getValue());
    }
    for (Columns.Fact f : Columns.CLOUDFLARE) {
      out.str(f.value().apply(e.cloudflare()));
    }
    out.instant(e.receivedAt());
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
    String[] facts = new String[Columns.CLOUDFLARE.size()];
    for (int i = 0; i < facts.length; i++) {
      facts[i] = str(in);
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
        extensions.isEmpty() ? Map.of() : Collections.unmodifiableMap(extensions),
        CloudflareInfo.of(Arrays.asList(facts)),
        instant(in));
  }

  private static String str(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  private static Instant instant(DataInputStream in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }

  /**
   * The encoder's output: big-endian like {@link java.io.DataOutputStream}, which {@link #decode}
   * reads, but unsynchronized.
   */
  private static final class Out {
    private byte[] buf;
    private int n;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    private void room(int k) {
      if (n + k > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + k));
      }
    }

    void u8(int v) {
      room(1);
      buf[n++] = (byte) v;
    }

    void i32(int v) {
      room(4);
      buf[n++] = (byte) (v >>> 24);
      buf[n++] = (byte) (v >>> 16);
      buf[n++] = (byte) (v >>> 8);
      buf[n++] = (byte) v;
    }

    void i64(long v) {
      i32((int) (v >>> 32));
      i32((int) v);
    }

    void str(String s) {
      if (s == null) {
        i32(-1);
        return;
      }
      // the JDK's encoder copies an ASCII string's bytes in one intrinsic step, far faster than a
      // loop over its chars (which took a tenth of the request path's CPU)
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      i32(b.length);
      room(b.length);
      System.arraycopy(b, 0, buf, n, b.length);
      n += b.length;
    }

    void instant(Instant t) {
      u8(t != null ? 1 : 0);
      if (t != null) {
        i64(t.getEpochSecond());
        i32(t.getNano());
      }
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, n);
    }
  }
}
