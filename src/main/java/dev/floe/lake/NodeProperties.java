package dev.floe.lake;

import java.util.Map;
import java.util.TreeMap;

/**
 * The table properties a commit sets for the nodes it speaks for: every node entry of its summary
 * ({@code floe.wal.<node>.*}, where a node keeps its log positions), and for each node named there
 * its last commit id. Set in the same commit as the append, they outlive the snapshot that carries
 * them (expiry, another tool's compaction).
 */
final class NodeProperties {
  private static final String NODE_PREFIX = "floe.wal.";
  private static final String POSITION_SUFFIX = ".position";
  private static final String COMMIT_ID_SUFFIX = ".commit-id";

  private NodeProperties() {}

  /** The properties of a commit with this summary and id. */
  static Map<String, String> of(Map<String, String> summary, String commitId) {
    Map<String, String> out = new TreeMap<>();
    summary.forEach(
        (k, v) -> {
          if (k.startsWith(NODE_PREFIX)) {
            out.put(k, v);
            if (k.endsWith(POSITION_SUFFIX)) {
              String node = k.substring(0, k.length() - POSITION_SUFFIX.length());
              out.put(node + COMMIT_ID_SUFFIX, commitId);
            }
          }
        });
    if (summary.containsKey(TableCommitter.KEPT_COMMIT_ID)) {
      out.put(TableCommitter.KEPT_COMMIT_ID, commitId);
    }
    return out;
  }

  /** True when the properties name {@code commitId} as some node's last commit. */
  static boolean name(Map<String, String> properties, String commitId) {
    return commitId.equals(properties.get(TableCommitter.KEPT_COMMIT_ID))
        || properties.entrySet().stream()
            .anyMatch(
                p ->
                    p.getKey().startsWith(NODE_PREFIX)
                        && p.getKey().endsWith(COMMIT_ID_SUFFIX)
                        && p.getValue().equals(commitId));
  }
}
