package dev.floe.lake;

import dev.floe.catalog.ForwardingTableOperations;
import dev.floe.metrics.FloeStats;
import java.util.function.Consumer;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;

/**
 * Operations that check the base of each commit attempt (when asked to) before passing it on, and
 * count the attempts that lost a race.
 */
final class InstrumentedOperations extends ForwardingTableOperations {
  private final Consumer<TableMetadata> validate;
  private final FloeStats stats;

  InstrumentedOperations(
      TableOperations delegate, Consumer<TableMetadata> validate, FloeStats stats) {
    super(delegate);
    this.validate = validate;
    this.stats = stats;
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    if (validate != null) {
      validate.accept(base);
    }
    try {
      delegate.commit(base, metadata);
    } catch (org.apache.iceberg.exceptions.CommitFailedException e) {
      stats.commitConflicts.inc(1);
      throw e;
    }
  }
}
