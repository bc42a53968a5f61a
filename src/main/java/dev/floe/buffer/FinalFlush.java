package dev.floe.buffer;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The flush at undeploy or server stop: nothing buffered may stay behind, so it tries a few times.
 * When the server has shut the application's class loader first, the flush cannot work (Hadoop
 * reads its configuration files through that loader for every Parquet file): it says so in one line
 * and gives up, and the events wait in the write-ahead log for the next start.
 */
final class FinalFlush {
  private static final Logger LOG = Logger.getLogger(FinalFlush.class.getName());
  private static final int ATTEMPTS = 3;
  private static final String LOADER_SHUT =
      "The server shut Floe's class loader before its shutdown callback (Payara Micro does on the"
          + " first redeploy of an application started with --hotdeploy), so the final flush"
          + " cannot run: {0}";

  private FinalFlush() {}

  /**
   * Runs {@code flushAll} until {@code pending} is 0, at most {@link #ATTEMPTS} times.
   *
   * @param logged whether the events that are left are in the write-ahead log
   */
  static void run(Supplier<FlushReport> flushAll, LongSupplier pending, boolean logged) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        FlushReport r = flushAll.get();
        if (pending.getAsLong() == 0) {
          LOG.info("Flushed all buffers on shutdown: " + r.rows() + " rows");
          return;
        }
      } catch (RuntimeException e) {
        if (!classLoaderOpen()) {
          // a constant message and no stack trace: nothing here may need a class not loaded yet
          LOG.log(Level.WARNING, LOADER_SHUT, String.valueOf(e));
          break;
        }
        LOG.log(Level.WARNING, "Shutdown flush attempt " + attempt + " failed", e);
      }
    }
    LOG.severe(
        pending.getAsLong()
            + " buffered events could not be flushed on shutdown"
            + (logged ? "; they are in the write-ahead log and replayed on start" : ""));
  }

  /**
   * False once the server has shut this application's class loader: then no class or resource can
   * be loaded any more, and whatever the final flush has not used before fails.
   */
  private static boolean classLoaderOpen() {
    try {
      return FinalFlush.class.getClassLoader().getResource("dev/floe/buffer/Warmup.class") != null;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
