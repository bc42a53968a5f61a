package dev.floe.buffer;

import java.util.Map;
import java.util.ServiceLoader;

/**
 * Told of each commit that landed, before the write-ahead log learns of it. Floe has none of its
 * own: one is found with {@link ServiceLoader} in the application's class loader, so a test can add
 * one to a copy of the WAR (the crash tests end the process at this point).
 */
interface CommitObserver {
  CommitObserver NONE = summary -> {};

  /** The commit with this snapshot summary is in the table. */
  void committed(Map<String, String> summary);

  /** The observer the application carries, or {@link #NONE}. */
  static CommitObserver installed() {
    return ServiceLoader.load(CommitObserver.class, CommitObserver.class.getClassLoader())
        .findFirst()
        .orElse(NONE);
  }
}
