package dev.floe.catalog;

import dev.floe.config.FloeSettings;
import jakarta.annotation.PreDestroy;
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

  /** After the final flush (the buffers flush when the web module stops, before this). */
  @PreDestroy
  synchronized void close() {
    if (strategy != null) {
      strategy.close();
    }
  }

  /** The strategy the settings ask for. */
  public static CatalogStrategy create(FloeSettings settings) {
    if (settings.catalog().rest()) {
      return new RestCatalogStrategy(settings);
    }
    TableStorage storage =
        settings.storage().isS3()
            ? new S3Storage(settings.storage(), settings.table().location())
            : new LocalStorage(settings.warehouse(), settings.table().location());
    return new DirectCatalogStrategy(
        storage, storage.metadata(), settings.table().qualifiedName(), settings.catalog().singleWriter());
  }
}
