package dev.floe.buffer;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Flushes every buffer when the application stops. Payara stops the web module, and with it the
 * application's class loader, before it destroys EJBs; a flush from {@code @PreDestroy} could no
 * longer load the classes it needs, so the flush runs here, first.
 */
@WebListener
public class ShutdownFlush implements ServletContextListener {
  @Inject PartitionBuffers buffers;

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    buffers.stop();
  }
}
