package dev.floe.catalog;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;

/**
 * Plain-object mode ({@code USE_ICEBERG=false}): no table and no catalog, only the storage of the
 * direct catalog (a local folder or a bucket) under the table location, where flushes write their
 * objects. Health, the debug listing and the status page read it as they read the direct catalog.
 */
public final class ObjectCatalogStrategy implements CatalogStrategy {
  private final TableStorage storage;

  ObjectCatalogStrategy(TableStorage storage) {
    this.storage = storage;
  }

  /** Reads and writes the objects: the local folder's or the bucket's FileIO. */
  public FileIO io() {
    return storage.io();
  }

  /** The root the objects go under: {@code file:/...} or {@code s3://...}. */
  public String location() {
    return storage.tableLocation();
  }

  /** Writes a small object in one step: readers see the old content or the new. */
  public void replace(String location, byte[] bytes) {
    try {
      storage.replace(location, bytes);
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  @Override
  public String kind() {
    return "objects-" + storage.kind();
  }

  @Override
  public Table table() {
    throw new IllegalStateException("USE_ICEBERG=false: Floe writes plain objects, no table");
  }

  @Override
  public void open() {}

  @Override
  public boolean hasTable() {
    return false;
  }

  @Override
  public void check() {
    try {
      storage.check();
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  @Override
  public List<StoredObject> list(String after, int limit) {
    try {
      return storage.list(after, limit);
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  @Override
  public void warmUp() {
    storage.warmUp();
  }

  @Override
  public Optional<String> commitRefusal() {
    return Optional.empty();
  }

  @Override
  public List<String> listTables() {
    return List.of();
  }

  @Override
  public boolean canDropTables() {
    return false;
  }

  @Override
  public boolean dropTable(String name, boolean purge) {
    throw new IllegalStateException("USE_ICEBERG=false: there are no tables to drop");
  }

  @Override
  public void close() {
    storage.close();
  }

  private static CatalogUnavailableException unavailable(IOException e) {
    return new CatalogUnavailableException(Failures.reason(e), e);
  }
}
