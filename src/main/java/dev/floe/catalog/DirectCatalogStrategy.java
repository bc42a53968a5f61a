package dev.floe.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;

/**
 * The embedded default: the table's data and metadata in a local warehouse folder, committed
 * through {@link DirectTableOperations}. Readers see a Hadoop-layout table.
 */
final class DirectCatalogStrategy implements CatalogStrategy {
  private static final Logger LOG = Logger.getLogger(DirectCatalogStrategy.class.getName());

  private final Path warehouse;
  private final Path tableDir;
  private final String tableName;
  private final DirectTableOperations ops;
  private volatile Table table;

  DirectCatalogStrategy(Path warehouse, String location, String tableName) {
    this.warehouse = warehouse.toAbsolutePath().normalize();
    this.tableDir = this.warehouse.resolve(location).normalize();
    this.tableName = tableName;
    this.ops =
        new DirectTableOperations(
            new LocalFileIO(), new LocalMetadataStore(tableDir.resolve("metadata")));
  }

  @Override
  public String kind() {
    return "direct-local";
  }

  @Override
  public Table table() {
    Table t = table;
    if (t == null) {
      synchronized (this) {
        if (table == null) {
          table = loadOrCreate();
        }
        t = table;
      }
    }
    return t;
  }

  private Table loadOrCreate() {
    TableMetadata existing = ops.refresh();
    if (existing == null) {
      TableMetadata fresh = EventsTable.newMetadata(LocalFileIO.toLocation(tableDir));
      try {
        ops.commit(null, fresh);
        LOG.info("Created table " + tableName + " at " + tableDir);
      } catch (org.apache.iceberg.exceptions.CommitFailedException e) {
        ops.refresh(); // another node created it first
      }
    }
    BaseTable t = new BaseTable(ops, tableName);
    EventsTable.checkCompatible(t);
    return t;
  }

  @Override
  public void check() throws IOException {
    Files.createDirectories(tableDir);
    if (!Files.isWritable(tableDir)) {
      throw new IOException("warehouse folder " + tableDir + " is not writable");
    }
    table();
  }

  @Override
  public List<StoredObject> list(String after, int limit) throws IOException {
    if (!Files.isDirectory(tableDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(tableDir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> warehouse.relativize(p).toString().replace('\\', '/'))
          .filter(key -> !key.contains("/."))
          .filter(key -> after == null || key.compareTo(after) > 0)
          .sorted()
          .limit(limit)
          .map(this::describe)
          .toList();
    }
  }

  private StoredObject describe(String key) {
    Path p = warehouse.resolve(key);
    try {
      return new StoredObject(key, Files.size(p), Files.getLastModifiedTime(p).toInstant());
    } catch (IOException e) {
      return new StoredObject(key, -1, null);
    }
  }
}
