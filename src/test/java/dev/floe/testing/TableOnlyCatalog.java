package dev.floe.testing;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.StoredObject;
import java.util.List;

/** A catalog for tests that only hands out a table: nothing to check, list or drop. */
public interface TableOnlyCatalog extends CatalogStrategy {

  @Override
  default String kind() {
    return "test";
  }

  @Override
  default void check() {}

  @Override
  default List<StoredObject> list(String after, int limit) {
    return List.of();
  }

  @Override
  default List<String> listTables() {
    return List.of();
  }

  @Override
  default boolean canDropTables() {
    return false;
  }

  @Override
  default boolean dropTable(String name, boolean purge) {
    return false;
  }
}
