package dev.floe.catalog;

import dev.floe.config.FloeSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * Picks the catalog strategy from the settings, once, as Iceberg's CatalogUtil switches on type.
 */
@ApplicationScoped
public class CatalogProducer {
  @Inject FloeSettings settings;

  private CatalogStrategy strategy;

  @Produces
  public synchronized CatalogStrategy strategy() {
    if (strategy == null) {
      strategy = create(settings);
    }
    return strategy;
  }

  /** The strategy the settings ask for. */
  public static CatalogStrategy create(FloeSettings settings) {
    if (settings.restCatalog()) {
      throw new IllegalArgumentException(
          "R2_CATALOG_ENDPOINT (r2.catalog.endpoint) names a REST catalog, which this build does"
              + " not support yet; unset it to use the direct catalog");
    }
    TableStorage storage =
        settings.storage().isS3()
            ? new S3Storage(settings.storage(), settings.tableLocation())
            : new LocalStorage(settings.warehouse(), settings.tableLocation());
    return new DirectCatalogStrategy(storage, settings.namespace() + "." + settings.tableName());
  }
}
