package dev.floe.catalog;

import java.io.UncheckedIOException;

/** Reasons for health data and logs, from exceptions whose messages Floe wrote to be safe. */
public final class Failures {
  private Failures() {}

  /** The message of the first exception that is more than a wrapper. */
  public static String reason(Throwable e) {
    Throwable t = e;
    while (t instanceof UncheckedIOException && t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null || m.isEmpty() ? t.getClass().getSimpleName() : m;
  }

  /** The first exception of {@code type} in the cause chain of {@code e}, or null. */
  public static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
