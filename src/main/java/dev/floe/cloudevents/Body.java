package dev.floe.cloudevents;

/**
 * A request body read into memory, within its limit; {@code bytes} may be longer than {@code
 * length}.
 */
public record Body(byte[] bytes, int length) {
  static final Body EMPTY = new Body(new byte[0], 0);

  boolean isEmpty() {
    return length == 0;
  }
}
