package dev.floe.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Reads {@link AccessSettings}, {@link IngestLimits}, {@link TrustedProxies} and {@link
 * WebhookOrigins} once from MicroProfile Config; start-up fails on a bad entry.
 */
@ApplicationScoped
public class AccessProducer {
  private static final Logger LOG = Logger.getLogger(AccessProducer.class.getName());

  @Inject Config config;

  private volatile AccessSettings access;
  private volatile IngestLimits limits;
  private volatile WebhookOrigins webhooks;
  private volatile TrustedProxies proxies;

  /** Reads both at start-up, so a bad value stops the deployment instead of a later request. */
  void atStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    access();
    limits();
    webhooks();
    proxies();
  }

  @Produces
  public TrustedProxies proxies() {
    TrustedProxies p = proxies;
    if (p == null) {
      synchronized (this) {
        if (proxies == null) {
          proxies = TrustedProxies.from(key -> config.getOptionalValue(key, String.class));
          LOG.info("Floe trusts proxy headers from: " + proxies);
        }
        p = proxies;
      }
    }
    return p;
  }

  @Produces
  public WebhookOrigins webhooks() {
    WebhookOrigins w = webhooks;
    if (w == null) {
      synchronized (this) {
        if (webhooks == null) {
          webhooks = WebhookOrigins.from(key -> config.getOptionalValue(key, String.class));
        }
        w = webhooks;
      }
    }
    return w;
  }

  @Produces
  public IngestLimits limits() {
    IngestLimits l = limits;
    if (l == null) {
      synchronized (this) {
        if (limits == null) {
          limits = IngestLimits.from(key -> config.getOptionalValue(key, String.class));
          LOG.info("Floe ingest limits: " + limits);
        }
        l = limits;
      }
    }
    return l;
  }

  @Produces
  public AccessSettings access() {
    AccessSettings a = access;
    if (a == null) {
      synchronized (this) {
        if (access == null) {
          access = AccessSettings.from(key -> config.getOptionalValue(key, String.class));
          LOG.info("Floe access: " + access);
        }
        a = access;
      }
    }
    return a;
  }
}
