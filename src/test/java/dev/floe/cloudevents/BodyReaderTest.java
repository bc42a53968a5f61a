package dev.floe.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BodyReaderTest {

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] contents(Body body) {
    return Arrays.copyOf(body.bytes(), body.length());
  }

  private static Refusal problem(InputStream in, String encoding, long length, int limit) {
    try {
      BodyReader.read(in, encoding, length, limit);
    } catch (EventFormatException e) {
      return e.refusal();
    }
    throw new AssertionError("read");
  }

  @Test
  void readsUpToTheLimit() {
    byte[] bytes = new byte[1000];
    Arrays.fill(bytes, (byte) 'a');

    assertThat(contents(BodyReader.read(new ByteArrayInputStream(bytes), null, -1, 1000)))
        .isEqualTo(bytes);
    assertThat(contents(BodyReader.read(new ByteArrayInputStream(bytes), "identity", 1000, 1000)))
        .isEqualTo(bytes);
    assertThat(BodyReader.read(new ByteArrayInputStream(new byte[0]), null, 0, 10).isEmpty())
        .isTrue();
  }

  @Test
  void moreThanTheLimitIs413() {
    byte[] bytes = new byte[1001];
    assertThat(problem(new ByteArrayInputStream(bytes), null, -1, 1000).status()).isEqualTo(413);
  }

  @Test
  void declaredLengthIsCheckedUpFront() {
    assertThat(problem(new ByteArrayInputStream(new byte[0]), null, 5000, 1000).status())
        .isEqualTo(413);
  }

  @Test
  void declaredLengthIsNotTrusted() {
    byte[] bytes = new byte[5000];
    assertThat(problem(new ByteArrayInputStream(bytes), null, 10, 1000).status()).isEqualTo(413);
  }

  @Test
  void gunzips() throws IOException {
    byte[] json = Events.PAGE_VIEW.getBytes();
    byte[] zipped = gzip(json);
    assertThat(
            contents(
                BodyReader.read(new ByteArrayInputStream(zipped), "gzip", zipped.length, 10_000)))
        .isEqualTo(json);
    assertThat(contents(BodyReader.read(new ByteArrayInputStream(zipped), " GZIP ", -1, 10_000)))
        .isEqualTo(json);
  }

  @Test
  void gzipBombIs413() throws IOException {
    byte[] bomb = gzip(new byte[50 * 1024 * 1024]);
    assertThat(bomb.length).isLessThan(100_000);
    assertThat(problem(new ByteArrayInputStream(bomb), "gzip", bomb.length, 1024 * 1024).status())
        .isEqualTo(413);
  }

  @Test
  void brokenGzipIs400() throws IOException {
    assertThat(problem(new ByteArrayInputStream("not gzip".getBytes()), "gzip", -1, 1000).status())
        .isEqualTo(400);
    byte[] zipped = gzip(Events.PAGE_VIEW.getBytes());
    byte[] truncated = Arrays.copyOf(zipped, zipped.length / 2);
    assertThat(problem(new ByteArrayInputStream(truncated), "gzip", -1, 1000).detail())
        .contains("gzip");
    assertThat(problem(new ByteArrayInputStream(new byte[0]), "gzip", 0, 1000).status())
        .isEqualTo(400);
  }

  @Test
  void otherEncodingsAre415() {
    for (String encoding : new String[] {"br", "deflate", "gzip, gzip", "zstd"}) {
      Refusal p = problem(new ByteArrayInputStream(new byte[0]), encoding, -1, 1000);
      assertThat(p.status()).isEqualTo(415);
      assertThat(p.detail()).contains("Content-Encoding");
    }
  }

  @Test
  void readErrorsAre400() {
    InputStream failing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        };
    Refusal p = problem(failing, null, -1, 1000);
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.detail()).doesNotContain("connection reset");
  }

  @Test
  void aDeclaredLengthAllocatesNothingBeforeTheBytesArrive() {
    ReadAllowance allowance = new ReadAllowance(1 << 30);
    Body body =
        BodyReader.read(
            new ByteArrayInputStream("{}".getBytes()),
            null,
            10_000_000,
            10_485_760,
            allowance,
            30_000);
    assertThat(body.bytes().length).isLessThanOrEqualTo(64 * 1024);
    assertThat(allowance.used()).isEqualTo(body.bytes().length);
    allowance.give(body.bytes().length);
    assertThat(allowance.used()).isZero();
  }

  @Test
  void bodiesShareOneAllowanceAndARefusedOneGivesItsShareBack() {
    ReadAllowance allowance = new ReadAllowance(300_000);
    byte[] big = new byte[90_000];
    Body first =
        BodyReader.read(new ByteArrayInputStream(big), null, -1, 1_000_000, allowance, 30_000);
    long held = allowance.used();
    assertThat(held).isGreaterThanOrEqualTo(90_000);
    EventFormatException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            EventFormatException.class,
            () ->
                BodyReader.read(
                    new ByteArrayInputStream(big), null, -1, 1_000_000, allowance, 30_000));
    assertThat(e.refusal().status()).isEqualTo(503);
    assertThat(allowance.used()).isEqualTo(held);
    allowance.give(first.bytes().length);
    assertThat(allowance.used()).isZero();
  }

  @Test
  void aBodyStillArrivingAfterTheTimeoutIsRefused() {
    InputStream slow =
        new InputStream() {
          int left = 10;

          @Override
          public int read() {
            return -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (left-- == 0) {
              return -1;
            }
            try {
              Thread.sleep(30);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            b[off] = 'x';
            return 1;
          }
        };
    ReadAllowance allowance = new ReadAllowance(1 << 20);
    EventFormatException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            EventFormatException.class,
            () -> BodyReader.read(slow, null, 10, 1000, allowance, 100));
    assertThat(e.refusal().status()).isEqualTo(408);
    assertThat(allowance.used()).isZero();
  }
}
