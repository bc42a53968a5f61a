package dev.floe.catalog;

import dev.floe.event.PromotedColumn;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * The catalog that is nothing but the table's own metadata files, in a local folder or a bucket,
 * committed through {@link DirectTableOperations}. Readers see a Hadoop-layout table.
 */
final class DirectCatalogStrategy implements CatalogStrategy {
  private static final Logger LOG = Logger.getLogger(DirectCatalogStrategy.class.getName());

  private final TableStorage storage;
  private final String tableName;
  private final DirectTableOperations ops;
  private final ConditionalCreateCheck createCheck;
  private final List<PromotedColumn> promoted;
  private final boolean singleWriter;
  private final boolean ownsStorage;
  private volatile Table table;

  DirectCatalogStrategy(TableStorage storage, String tableName) {
    this(storage, storage.metadata(), tableName);
  }

  /** With the storage's metadata store replaced, as tests do to watch or break it. */
  DirectCatalogStrategy(TableStorage storage, MetadataStore metadata, String tableName) {
    this(storage, metadata, tableName, false);
  }

  /**
   * @param singleWriter the operator declared this node the table's only writer: commits go ahead
   *     even on a store whose creates are not conditional
   */
  DirectCatalogStrategy(
      TableStorage storage, MetadataStore metadata, String tableName, boolean singleWriter) {
    this(storage, metadata, tableName, singleWriter, List.of());
  }

  /**
   * @param promoted the columns {@code FLOE_COLUMNS} promotes, added to the table when it lacks
   *     them
   */
  DirectCatalogStrategy(
      TableStorage storage,
      MetadataStore metadata,
      String tableName,
      boolean singleWriter,
      List<PromotedColumn> promoted) {
    this(storage, metadata, tableName, singleWriter, promoted, true);
  }

  private DirectCatalogStrategy(
      TableStorage storage,
      MetadataStore metadata,
      String tableName,
      boolean singleWriter,
      List<PromotedColumn> promoted,
      boolean ownsStorage) {
    this.singleWriter = singleWriter;
    this.ownsStorage = ownsStorage;
    this.promoted = List.copyOf(promoted);
    this.storage = storage;
    this.tableName = tableName;
    this.createCheck = new ConditionalCreateCheck(metadata, singleWriter);
    this.ops = new DirectTableOperations(storage.io(), metadata, createCheck);
  }

  /** Another table in the same warehouse or bucket, on the same storage client. */
  @Override
  public CatalogStrategy forTable(dev.floe.config.FloeSettings.Table t) {
    TableStorage other = storage.at(t.location());
    return new DirectCatalogStrategy(
        other,
        other.metadata(),
        t.qualifiedName(),
        singleWriter,
        EventsTable.promoted(t.columns()),
        false);
  }

  @Override
  public String kind() {
    return "direct-" + storage.kind();
  }

  @Override
  public Table table() {
    Table t = table;
    if (t == null) {
      synchronized (this) {
        if (table == null) {
          try {
            table = loadOrCreate();
          } catch (IncompatibleTableException e) {
            throw e;
          } catch (RuntimeException e) {
            throw new CatalogUnavailableException(Failures.reason(e), e);
          }
        }
        t = table;
      }
    }
    return t;
  }

  private Table loadOrCreate() {
    TableMetadata existing = ops.refresh();
    if (existing == null) {
      TableMetadata fresh = EventsTable.newMetadata(storage.tableLocation());
      try {
        ops.commit(null, fresh);
        LOG.info("Created table " + tableName + " at " + storage.tableLocation());
      } catch (CommitFailedException e) {
        ops.refresh(); // another node created it first
      }
    }
    BaseTable t = new BaseTable(ops, tableName);
    EventsTable.evolve(t, promoted);
    return t;
  }

  @Override
  public void check() {
    try {
      storage.check();
    } catch (IOException e) {
      throw unavailable(e);
    }
    table();
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
  public List<String> listTables() {
    try {
      storage.check();
      // v1 may be long deleted (write.metadata.delete-after-commit.enabled): ask for the newest
      return storage.metadata().readPointer().isPresent() || ops.refresh() != null
          ? List.of(tableName)
          : List.of();
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  private static CatalogUnavailableException unavailable(IOException e) {
    return new CatalogUnavailableException(Failures.reason(e), e);
  }

  /** The table is its folder: delete the folder to drop it. */
  @Override
  public boolean canDropTables() {
    return false;
  }

  @Override
  public boolean dropTable(String name, boolean purge) {
    throw new IllegalStateException(
        "dropping a table needs a REST catalog; with the direct catalog delete the table's folder");
  }

  @Override
  public void warmUp() {
    storage.warmUp();
    createCheck.warmUp();
  }

  @Override
  public Optional<String> commitRefusal() {
    return createCheck.refusal();
  }

  @Override
  public void close() {
    if (ownsStorage) {
      storage.close(); // a table's of the routes shares the client of the configured table
    }
  }
}
