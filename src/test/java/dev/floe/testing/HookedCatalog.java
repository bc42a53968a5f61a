package dev.floe.testing;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.ForwardingTableOperations;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;

/**
 * The real catalog's table, with a hook that runs each commit attempt: tests do something before or
 * after the real commit (another node's race, a lost answer) around {@code commit.run()}.
 */
public record HookedCatalog(CatalogStrategy real, CommitHook hook) implements TableOnlyCatalog {

  /** Runs one commit attempt, which it is handed as {@code commit}. */
  @FunctionalInterface
  public interface CommitHook {
    void around(Runnable commit);
  }

  @Override
  public Table table() {
    Table t = real.table();
    return new BaseTable(
        new ForwardingTableOperations(((HasTableOperations) t).operations()) {
          @Override
          public void commit(TableMetadata base, TableMetadata metadata) {
            hook.around(() -> super.commit(base, metadata));
          }
        },
        t.name());
  }
}
