package dev.floe.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether the direct catalog may commit through its metadata store: only when creating a version is
 * really conditional, since that alone keeps two writers from overwriting each other's commits. The
 * store is asked once, at start-up or before the first commit; a store that overwrites anyway gets
 * no commit, unless the operator declared this node the table's only writer.
 */
final class ConditionalCreateCheck {
  private static final Logger LOG = Logger.getLogger(ConditionalCreateCheck.class.getName());

  private final MetadataStore store;
  private final boolean singleWriter;
  private volatile Optional<String> verdict; // null until the store answered; empty when safe

  ConditionalCreateCheck(MetadataStore store, boolean singleWriter) {
    this.store = store;
    this.singleWriter = singleWriter;
  }

  /** Asks the store now if it was not asked yet; a store that cannot be reached is asked later. */
  void warmUp() {
    try {
      verdict();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Conditional create check postponed to the first commit", e);
    }
  }

  /** Throws {@link CommitRefusedException} when commits are refused; asks the store first. */
  void beforeCommit() {
    try {
      verdict();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Optional<String> refused = refusal();
    if (refused.isPresent()) {
      throw new CommitRefusedException(refused.get());
    }
  }

  /** Why commits are refused, or empty when they are not (or the store was not asked yet). */
  Optional<String> refusal() {
    Optional<String> v = verdict;
    return v == null || singleWriter ? Optional.empty() : v.map(ConditionalCreateCheck::refusal);
  }

  private synchronized Optional<String> verdict() throws IOException {
    if (verdict == null) {
      Optional<String> v = store.checkConditionalCreate();
      if (v.isPresent() && singleWriter) {
        LOG.warning(v.get() + "; committing anyway, as FLOE_SINGLE_WRITER=true declares");
      } else if (v.isPresent()) {
        LOG.severe(refusal(v.get()));
      }
      verdict = v;
    }
    return verdict;
  }

  private static String refusal(String reason) {
    return reason
        + "; commits through the direct catalog are refused. Use a store that honours"
        + " conditional writes or a REST catalog (R2_CATALOG_ENDPOINT), or set"
        + " FLOE_SINGLE_WRITER=true if this node is the table's only writer, then restart";
  }
}
