package dev.floe.catalog;

import dev.floe.config.FloeSettings;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.RESTCatalogProperties;
import org.apache.iceberg.rest.auth.OAuth2Properties;

/**
 * The table behind an Iceberg REST catalog (R2 Data Catalog or any other), through Iceberg's own
 * {@link RESTCatalog}: the {@code /v1/config} handshake and its prefix, a bearer token, the
 * idempotency keys the catalog advertises, and vended storage credentials. The catalog is reached
 * lazily and again after every failure, so Floe starts and buffers while the catalog is down.
 */
final class RestCatalogStrategy implements CatalogStrategy {
  private static final Logger LOG = Logger.getLogger(RestCatalogStrategy.class.getName());

  private final FloeSettings settings;
  private final FloeSettings.Table tableSettings;
  private final Namespace namespace;
  private final TableIdentifier id;
  private final Redactor redactor;
  private RESTCatalog catalog;
  private volatile Table table;
  private volatile long refreshAtMillis = Long.MAX_VALUE; // before its vended credentials expire
  private final String listener = VendedCredentials.listen(this::credentialsRefused);

  RestCatalogStrategy(FloeSettings settings) {
    this(settings, settings.table());
  }

  /** The catalog for {@code table}; a client of its own, the same settings and credentials. */
  RestCatalogStrategy(FloeSettings settings, FloeSettings.Table table) {
    this.settings = settings;
    this.tableSettings = table;
    this.namespace = Namespace.of(table.namespace());
    this.id = TableIdentifier.of(namespace, table.name());
    this.redactor =
        new Redactor(
            settings.catalog().token().value(), settings.storage().secretAccessKey().value());
  }

  /** The client's properties: Floe's settings in Iceberg's names. */
  static Map<String, String> properties(FloeSettings s) {
    Map<String, String> p = new HashMap<>();
    p.put(CatalogProperties.URI, s.catalog().endpoint());
    if (s.catalog().token().isSet()) {
      p.put(OAuth2Properties.TOKEN, s.catalog().token().value());
      p.put(OAuth2Properties.TOKEN_REFRESH_ENABLED, "false"); // a static API token
    }
    if (!s.catalog().warehouse().isEmpty()) {
      p.put(CatalogProperties.WAREHOUSE_LOCATION, s.catalog().warehouse());
    }
    // ask for storage credentials; the catalog may vend them with each table
    p.put("header.X-Iceberg-Access-Delegation", "vended-credentials");
    p.put(CatalogProperties.FILE_IO_IMPL, S3FileIO.class.getName());
    p.put(S3FileIOProperties.CLIENT_FACTORY, FloeS3ClientFactory.class.getName());
    p.put(S3FileIOProperties.PATH_STYLE_ACCESS, "true");
    FloeSettings.Storage storage = s.storage();
    if (storage.isS3()) { // the configured bucket keys are the fallback to vended ones
      p.put(S3FileIOProperties.ENDPOINT, storage.endpoint());
      p.put("client.region", storage.region());
      if (storage.hasKeys()) {
        p.put(S3FileIOProperties.ACCESS_KEY_ID, storage.accessKeyId().value());
        p.put(S3FileIOProperties.SECRET_ACCESS_KEY, storage.secretAccessKey().value());
      }
    }
    // no table cache: a table loaded again must bring fresh vended credentials, not keep old ones
    p.put(RESTCatalogProperties.TABLE_CACHE_MAX_ENTRIES, "0");
    p.put(RESTCatalogProperties.TABLE_CACHE_EXPIRE_AFTER_WRITE_MS, "1");
    p.put("init-creation-stacktrace", "false");
    return p;
  }

  @Override
  public CatalogStrategy forTable(FloeSettings.Table table) {
    return new RestCatalogStrategy(settings, table);
  }

  @Override
  public String kind() {
    return "rest";
  }

  private synchronized RESTCatalog catalog() {
    if (catalog == null) {
      RESTCatalog c = new RESTCatalog();
      try {
        Map<String, String> p = properties(settings);
        p.put(VendedCredentials.LISTENER, listener);
        c.initialize("floe", p);
      } catch (RuntimeException e) {
        close(c);
        throw e;
      }
      catalog = c;
    }
    return catalog;
  }

  /** Forgets the client after a failure that may mean stale configuration (401, 404, down). */
  private synchronized void reset() {
    if (catalog != null) {
      close(catalog);
      catalog = null;
    }
    table = null;
  }

  private static void close(RESTCatalog c) {
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      // closing a client that never worked
    }
  }

  /**
   * The table, loaded again (with fresh vended credentials) once its credentials near their expiry
   * or a storage request refused them. A table that cannot be loaded again is kept: its credentials
   * may still work, and a refusal brings the next attempt.
   */
  @Override
  public Table table() {
    Table t = table;
    if (t != null && System.currentTimeMillis() >= refreshAtMillis) {
      t = reload(t);
    }
    if (t == null) {
      synchronized (this) {
        if (table == null) {
          try {
            table = loadOrCreate();
          } catch (IncompatibleTableException e) {
            throw e;
          } catch (RuntimeException e) {
            reset();
            throw unavailable(e);
          }
        }
        t = table;
      }
    }
    return t;
  }

  private synchronized Table reload(Table stale) {
    if (table != stale) {
      return table; // another thread reloaded it
    }
    try {
      table = loadOrCreate();
      LOG.info("Loaded table " + id + " again for fresh storage credentials");
    } catch (RuntimeException e) {
      refreshAtMillis = System.currentTimeMillis() + 5_000;
      LOG.warning(
          "Could not load table "
              + id
              + " again for fresh storage credentials: "
              + RestErrors.describe(e, settings.catalog().endpoint(), redactor));
    }
    return table;
  }

  /** A storage request refused the table's credentials: load it again before the next use. */
  private void credentialsRefused() {
    LOG.warning("Storage refused the table's credentials; the table is loaded again");
    refreshAtMillis = 0;
  }

  private Table loadOrCreate() {
    RESTCatalog c = catalog();
    if (!c.namespaceExists(namespace)) {
      try {
        c.createNamespace(namespace);
        LOG.info("Created namespace " + namespace);
      } catch (AlreadyExistsException e) {
        // another node created it first
      }
    }
    Table loaded;
    try {
      loaded = c.loadTable(id);
    } catch (NoSuchTableException e) {
      try {
        loaded =
            c.buildTable(id, EventsTable.SCHEMA)
                .withPartitionSpec(EventsTable.SPEC)
                .withProperties(EventsTable.PROPERTIES)
                .create();
        LOG.info("Created table " + id + " at " + loaded.location());
      } catch (AlreadyExistsException again) {
        loaded = c.loadTable(id);
      }
    }
    EventsTable.evolve(loaded, EventsTable.promoted(tableSettings.columns()));
    refreshAtMillis = VendedCredentials.refreshAt(loaded.io(), System.currentTimeMillis());
    return new BaseTable(
        new UnknownOutcomeOperations(((HasTableOperations) loaded).operations()), loaded.name());
  }

  @Override
  public void check() {
    try {
      if (table == null) {
        table();
      } else if (!catalog().tableExists(id)) {
        table = null; // dropped behind our back: created again on next use
        table();
      }
    } catch (CatalogUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      reset();
      throw unavailable(e);
    }
  }

  @Override
  public List<StoredObject> list(String after, int limit) {
    Table t;
    try {
      t = table();
    } catch (RuntimeException e) {
      throw new CatalogUnavailableException(Failures.reason(e), e);
    }
    return PrefixListing.list(t, after, limit, redactor);
  }

  @Override
  public List<String> listTables() {
    try {
      return catalog().listTables(namespace).stream().map(TableIdentifier::toString).toList();
    } catch (RuntimeException e) {
      throw unavailable(e);
    }
  }

  @Override
  public boolean canDropTables() {
    return true;
  }

  @Override
  public boolean dropTable(String name, boolean purge) {
    TableIdentifier which = TableIdentifier.of(namespace, name);
    try {
      boolean dropped = catalog().dropTable(which, purge);
      if (which.equals(id)) {
        table = null; // created again, empty, on next use
      }
      return dropped;
    } catch (RuntimeException e) {
      throw unavailable(e);
    }
  }

  /** A failure of the catalog client, described without secrets. */
  private CatalogUnavailableException unavailable(RuntimeException e) {
    return new CatalogUnavailableException(
        RestErrors.describe(e, settings.catalog().endpoint(), redactor), e);
  }

  @Override
  public synchronized void close() {
    VendedCredentials.forget(listener);
    if (catalog != null) {
      close(catalog);
      catalog = null;
    }
  }
}
