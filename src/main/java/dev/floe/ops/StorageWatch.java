package dev.floe.ops;

import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.Reachability;
import dev.floe.metrics.FloeStats;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;

/**
 * Checks every few seconds, in the background, whether the catalog and the table's storage answer,
 * and keeps the answer for the health checks, the status page and the {@code floe_storage_up} /
 * {@code floe_catalog_up} gauges. Probes read the kept answer: none of them makes a request.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StorageWatch {
  static final long TIMEOUT_MS = 10_000;

  @Inject CatalogStrategy catalog;
  @Inject FloeStats stats;
  @Resource ManagedExecutorService executor;
  volatile Reachability reach; // set in start(); tests set their own
  private volatile boolean stopped;

  @PostConstruct
  void start() {
    Reachability r = new Reachability(catalog, executor, System::currentTimeMillis, TIMEOUT_MS);
    stats.storageUp.source(() -> r.storage().gauge());
    stats.catalogUp.source(() -> r.catalog().gauge());
    reach = r;
    r.probe(); // the first answer comes seconds after start, not after the first period
  }

  @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
  void tick() {
    if (stopped) {
      return;
    }
    try {
      reach.probe();
    } catch (RuntimeException | LinkageError e) {
      // on SIGTERM the server may close the class loader before @PreDestroy: nothing to report
    }
  }

  /** No check starts once the application stops: the catalog's clients are closing. */
  @PreDestroy
  void stop() {
    stopped = true;
  }

  /** The catalog as last seen. */
  public Reachability.Link catalog() {
    return reach.catalog();
  }

  /** The table's storage as last seen. */
  public Reachability.Link storage() {
    return reach.storage();
  }
}
