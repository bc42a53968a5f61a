package dev.floe.metrics;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Registers {@link FloeMBean} in the platform MBean server for the application's lifetime. */
@ApplicationScoped
public class JmxRegistration {
  private static final Logger LOG = Logger.getLogger(JmxRegistration.class.getName());
  public static final String NAME = "dev.floe:type=Floe";

  @Inject FloeStats stats;
  private ObjectName name;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName n = new ObjectName(NAME);
      if (server.isRegistered(n)) {
        server.unregisterMBean(n); // left by an earlier deployment that did not stop cleanly
      }
      server.registerMBean(new FloeMBean(stats), n);
      name = n;
    } catch (JMException | RuntimeException e) {
      LOG.log(Level.WARNING, "Could not register Floe's MBean " + NAME, e);
    }
  }

  @PreDestroy
  void stop() {
    if (name != null) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
      } catch (JMException e) {
        // already gone
      }
    }
  }
}
