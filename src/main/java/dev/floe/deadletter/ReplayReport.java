package dev.floe.deadletter;

import java.util.Map;

/**
 * What a replay did.
 *
 * @param replayId the replay's id (in the snapshot summaries it committed), null when it took no
 *     row
 * @param replayed rows that landed, per table
 * @param kept matching rows left as dead letters: no table takes them yet
 * @param recovered rows of an earlier replay, cut short by a crash, that this one finished
 * @param more true when more rows match than one replay takes: ask again
 */
public record ReplayReport(
    String replayId, Map<String, Long> replayed, long kept, long recovered, boolean more) {

  public long total() {
    return replayed.values().stream().mapToLong(Long::longValue).sum();
  }
}
