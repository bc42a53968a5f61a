package dev.floe.catalog;

import dev.floe.config.FloeSettings;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * A table beside the events table, in the same catalog and storage, with a definition of its own
 * (the dead-letter table): created on first use, never evolved. Direct catalog: its own metadata
 * files under {@code location}, committed as the events table's are; REST: a table of the catalog.
 */
public final class SideTableStrategy implements CatalogStrategy {
  private static final Logger LOG = Logger.getLogger(SideTableStrategy.class.getName());

  /** What the table is created with. */
  public record Definition(Schema schema, PartitionSpec spec, Map<String, String> properties) {}

  private final FloeSettings settings;
  private final TableIdentifier id;
  private final String location;
  private final Definition definition;
  private TableStorage storage; // direct catalog
  private RESTCatalog rest; // REST catalog
  private volatile Table table;

  public SideTableStrategy(
      FloeSettings settings, String namespace, String name, String location, Definition d) {
    this.settings = settings;
    this.id = TableIdentifier.of(Namespace.of(namespace), name);
    this.location = location;
    this.definition = d;
  }

  @Override
  public String kind() {
    return settings.catalog().rest() ? "rest" : "direct";
  }

  @Override
  public synchronized Table table() {
    if (table == null) {
      try {
        table = settings.catalog().rest() ? restTable() : directTable();
      } catch (RuntimeException e) {
        throw new CatalogUnavailableException(Failures.reason(e), e);
      }
    }
    return table;
  }

  private Table directTable() {
    if (storage == null) {
      storage =
          settings.storage().isS3()
              ? new S3Storage(settings.storage(), location)
              : new LocalStorage(settings.warehouse(), location);
    }
    DirectTableOperations ops =
        new DirectTableOperations(
            storage.io(),
            storage.metadata(),
            new ConditionalCreateCheck(storage.metadata(), settings.catalog().singleWriter()));
    if (ops.refresh() == null) {
      TableMetadata fresh =
          TableMetadata.newTableMetadata(
              definition.schema(),
              definition.spec(),
              SortOrder.unsorted(),
              storage.tableLocation(),
              definition.properties());
      try {
        ops.commit(null, fresh);
        LOG.info("Created table " + id + " at " + storage.tableLocation());
      } catch (CommitFailedException e) {
        ops.refresh(); // another node created it first
      }
    }
    return new BaseTable(ops, id.toString());
  }

  private Table restTable() {
    if (rest == null) {
      RESTCatalog c = new RESTCatalog();
      c.initialize("floe-" + id.name(), RestCatalogStrategy.properties(settings));
      rest = c;
    }
    if (!rest.namespaceExists(id.namespace())) {
      try {
        rest.createNamespace(id.namespace());
      } catch (AlreadyExistsException e) {
        // another node created it first
      }
    }
    Table loaded;
    try {
      loaded = rest.loadTable(id);
    } catch (NoSuchTableException e) {
      try {
        loaded =
            rest.buildTable(id, definition.schema())
                .withPartitionSpec(definition.spec())
                .withProperties(definition.properties())
                .create();
        LOG.info("Created table " + id + " at " + loaded.location());
      } catch (AlreadyExistsException again) {
        loaded = rest.loadTable(id);
      }
    }
    return new BaseTable(
        new UnknownOutcomeOperations(((HasTableOperations) loaded).operations()), loaded.name());
  }

  @Override
  public void check() {
    table();
  }

  @Override
  public List<StoredObject> list(String after, int limit) {
    return List.of();
  }

  @Override
  public List<String> listTables() {
    return List.of(id.toString());
  }

  @Override
  public boolean canDropTables() {
    return false;
  }

  @Override
  public boolean dropTable(String name, boolean purge) {
    throw new IllegalStateException("Floe does not drop " + id);
  }

  @Override
  public synchronized void close() {
    if (storage != null) {
      storage.close();
    }
    if (rest != null) {
      try {
        rest.close();
      } catch (IOException e) {
        // closing on the way out
      }
    }
  }
}
