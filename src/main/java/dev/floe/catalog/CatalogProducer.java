package dev.floe.catalog;

import dev.floe.config.FloeSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Picks the catalog strategy from the settings, once, as Iceberg's CatalogUtil switches on type.
 */
@ApplicationScoped
public class CatalogProducer {
  private static final Logger LOG = Logger.getLogger(CatalogProducer.class.getName());

  @Inject FloeSettings settings;

  private CatalogStrategy strategy;

  @Produces
  public synchronized CatalogStrategy strategy() {
    if (strategy == null) {
      strategy = create(settings);
    }
    return strategy;
  }

  /** After the final flush (the buffers flush when the web module stops, before this). */
  @PreDestroy
  synchronized void close() {
    if (strategy != null) {
      strategy.close();
    }
  }

  /** The strategy the settings ask for. */
  public static CatalogStrategy create(FloeSettings settings) {
    if (settings.objects().enabled()) {
      return new ObjectCatalogStrategy(storage(settings));
    }
    if (settings.catalog().rest()) {
      return new RestCatalogStrategy(settings);
    }
    if (!settings.catalog().endpoint().isEmpty()) {
      // the original design falls back to the direct catalog here; say so, or a typo goes unseen
      LOG.warning(
          "R2_CATALOG_ENDPOINT (r2.catalog.endpoint) is '"
              + withoutUserInfo(settings.catalog().endpoint())
              + "', not an http:// or https:// URL: using the direct catalog (metadata files in"
              + " the table's own storage), not a REST catalog");
    }
    TableStorage storage = storage(settings);
    return new DirectCatalogStrategy(
        storage,
        storage.metadata(),
        settings.table().qualifiedName(),
        settings.catalog().singleWriter(),
        EventsTable.promoted(settings.table().columns()));
  }

  private static TableStorage storage(FloeSettings settings) {
    return settings.storage().isS3()
        ? new S3Storage(settings.storage(), settings.table().location())
        : new LocalStorage(settings.warehouse(), settings.table().location());
  }

  /** The value with anything before an '@' masked: that part of a URL holds credentials. */
  private static String withoutUserInfo(String value) {
    int at = value.lastIndexOf('@');
    return at < 0 ? value : "****" + value.substring(at);
  }
}
