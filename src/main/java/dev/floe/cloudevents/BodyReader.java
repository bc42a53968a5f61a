package dev.floe.cloudevents;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body into memory under a hard byte limit, decompressing {@code gzip} with the
 * limit applied to what comes out. A declared {@code Content-Length} is only a first check: the
 * limit holds however many bytes actually arrive.
 */
public final class BodyReader {
  private static final int CHUNK = 8192;

  /** The most a body's buffer starts with, whatever {@code Content-Length} says. */
  private static final int FIRST_BUFFER = 64 * 1024;

  private final ReadAllowance allowance;
  private final long deadlineNanos;
  private long held;

  private BodyReader(ReadAllowance allowance, long deadlineNanos) {
    this.allowance = allowance;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * @param contentEncoding the {@code Content-Encoding} header, or null
   * @param contentLength the declared length, or -1 when unknown
   * @param limit the most bytes the (decoded) body may have
   */
  public static Body read(InputStream in, String contentEncoding, long contentLength, int limit) {
    return read(in, contentEncoding, contentLength, limit, ReadAllowance.UNBOUNDED, Long.MAX_VALUE);
  }

  /**
   * Reads as {@link #read(InputStream, String, long, int)} does, taking its buffer from {@code
   * allowance} (503 when it is spent; the caller gives back {@code body.bytes().length} when done)
   * and refusing with 408 a body still arriving after {@code timeoutMillis}.
   */
  public static Body read(
      InputStream in,
      String contentEncoding,
      long contentLength,
      int limit,
      ReadAllowance allowance,
      long timeoutMillis) {
    long deadline =
        timeoutMillis == Long.MAX_VALUE
            ? Long.MAX_VALUE
            : System.nanoTime() + timeoutMillis * 1_000_000;
    BodyReader r = new BodyReader(allowance, deadline);
    try {
      return r.body(in, contentEncoding, contentLength, limit);
    } catch (RuntimeException e) {
      allowance.give(r.held);
      throw e;
    }
  }

  private Body body(InputStream in, String contentEncoding, long contentLength, int limit) {
    boolean gzip = gzip(contentEncoding);
    if (contentLength > limit) {
      throw tooLarge(limit);
    }
    if (in == null) {
      return Body.EMPTY;
    }
    if (!gzip) {
      try {
        return readLimited(in, contentLength, limit);
      } catch (IOException e) {
        throw EventFormatException.malformed("could not read the request body");
      }
    }
    try (GZIPInputStream unzipped = new GZIPInputStream(new Capped(in, limit), CHUNK)) {
      return readLimited(unzipped, -1, limit);
    } catch (ZipException | EOFException e) {
      throw EventFormatException.malformed("request body is not valid gzip");
    } catch (IOException e) {
      throw EventFormatException.malformed("could not read the request body");
    }
  }

  private static boolean gzip(String contentEncoding) {
    if (contentEncoding == null) {
      return false;
    }
    String coding = contentEncoding.trim().toLowerCase(Locale.ROOT);
    return switch (coding) {
      case "", "identity" -> false;
      case "gzip", "x-gzip" -> true;
      default ->
          throw EventFormatException.unsupportedMediaType(
              "Content-Encoding '"
                  + Text.clip(contentEncoding, 40)
                  + "' is not supported; send identity or gzip");
    };
  }

  private Body readLimited(InputStream in, long expected, int limit) throws IOException {
    int initial =
        expected >= 0 ? (int) Math.min(expected + 1, Math.min(limit + 1L, FIRST_BUFFER)) : CHUNK;
    byte[] buf = new byte[Math.max(initial, 16)];
    hold(buf.length);
    int length = 0;
    while (true) {
      if (length == buf.length) {
        if (length > limit) {
          throw tooLarge(limit);
        }
        int grown = (int) Math.min(limit + 1L, buf.length * 2L);
        hold(grown);
        buf = Arrays.copyOf(buf, grown);
        allowance.give(length); // the old buffer is garbage now
        held -= length;
      }
      int n = in.read(buf, length, buf.length - length);
      if (n < 0) {
        break;
      }
      length += n;
      if (System.nanoTime() > deadlineNanos) {
        throw EventFormatException.tooSlow(
            "the request body did not arrive in time; send it at once");
      }
    }
    if (length > limit) {
      throw tooLarge(limit);
    }
    return new Body(buf, length);
  }

  private void hold(int bytes) {
    if (!allowance.take(bytes)) {
      throw EventFormatException.busy(
          "too many request bodies are being read at once; retry in a moment");
    }
    held += bytes;
  }

  private static EventFormatException tooLarge(int limit) {
    return EventFormatException.tooLarge("request body exceeds the limit of " + limit + " bytes");
  }

  /** Caps the compressed bytes too, so a slow trickle of gzip cannot run on forever. */
  private static final class Capped extends FilterInputStream {
    private final int limit;
    private long count;

    Capped(InputStream in, int limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      count += n;
      if (count > limit) {
        throw tooLarge(limit);
      }
    }
  }
}
