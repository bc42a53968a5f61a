package dev.floe.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

  private static int check(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return Utf8.firstInvalid(b, b.length);
  }

  @Test
  void acceptsValidText() {
    byte[] text = "a\u00e9\u2603\uD83D\uDE00\uFFFF\u0000".getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.firstInvalid(text, text.length)).isEqualTo(-1);
    assertThat(check()).isEqualTo(-1);
  }

  @Test
  void findsTheFirstBadByte() {
    assertThat(check('a', 0x80)).isEqualTo(1); // lone continuation
    assertThat(check('a', 'b', 0xc3)).isEqualTo(2); // truncated
    assertThat(check(0xc3, 0x28)).isEqualTo(0); // bad continuation
    assertThat(check(0xc0, 0x80)).isEqualTo(0); // overlong NUL
    assertThat(check(0xe0, 0x80, 0x80)).isEqualTo(0); // overlong
    assertThat(check(0xed, 0xa0, 0x80)).isEqualTo(0); // surrogate
    assertThat(check(0xf4, 0x90, 0x80, 0x80)).isEqualTo(0); // past U+10FFFF
    assertThat(check(0xf8, 0x88, 0x80, 0x80, 0x80)).isEqualTo(0); // 5-byte form
    assertThat(check(0xff)).isEqualTo(0);
  }

  @Test
  void honoursTheLength() {
    byte[] b = {'a', 'b', (byte) 0xff};
    assertThat(Utf8.firstInvalid(b, 2)).isEqualTo(-1);
  }

  @Test
  void findsABadByteAtAnyOffsetOfALongAsciiRun() {
    for (int at = 0; at < 40; at++) {
      byte[] b = "x".repeat(40).getBytes(StandardCharsets.US_ASCII);
      b[at] = (byte) 0x80;
      assertThat(Utf8.firstInvalid(b, b.length)).as("at %d", at).isEqualTo(at);
      assertThat(Utf8.firstInvalid(b, at)).as("before %d", at).isEqualTo(-1);
    }
    byte[] tail = ("y".repeat(21) + "\u00e9").getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.firstInvalid(tail, tail.length)).isEqualTo(-1);
    assertThat(Utf8.firstInvalid(tail, tail.length - 1)).isEqualTo(21); // cut mid-character
  }
}
