package dev.floe.it.matrix;

import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.Processes;
import dev.floe.it.harness.FloeServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Payara Micro in the matrix. Payara Micro deploys no EAR (its {@code --deploy} refuses one, and it
 * ships no EAR deployer), so it runs the WAR, exploded. Touching the folder's {@code .reload} makes
 * its dynamic reloader (on by default) undeploy and deploy Floe again inside the same JVM, which is
 * what the redeploy checks need. It has no way to undeploy alone. Not {@code --hotdeploy}: that IDE
 * mode stops the old copy's class loader before its shutdown callbacks run, so no final flush or
 * clean-up can run there.
 */
final class MicroMatrixServer implements MatrixServer {
  private final Path dir;
  private final Path app;
  private final FloeServer server;

  MicroMatrixServer(Path dir) {
    this.dir = dir;
    this.app = dir.resolve("app/floe");
    this.server =
        FloeServer.builder(dir.resolve("payara"))
            .port(HTTP_PORT)
            .logFile(dir.resolve("server.log"))
            .deploy(app)
            .env("FLOE_WAREHOUSE", warehouse())
            .env("FLOE_WAL_DIR", dir.resolve("wal"))
            .env("ICEBERG_BUFFER_TIMEOUT_MS", ServerMatrix.BUFFER_TIMEOUT_MS)
            .env("FLOE_TRUST_CF_HEADERS", true) // the seed's requests come through Cloudflare
            .build();
  }

  @Override
  public String name() {
    return "payara-micro";
  }

  @Override
  public String artifact() {
    return "floe.war (exploded, .reload)";
  }

  @Override
  public Path warehouse() {
    return dir.resolve("warehouse");
  }

  @Override
  public Duration start() {
    Processes.deleteTree(warehouse());
    Processes.deleteTree(dir.resolve("wal"));
    unzip(Path.of(System.getProperty("floe.it.war", "target/floe.war")), app);
    long t0 = System.nanoTime();
    server.start().awaitReady(FloeServer.START_TIMEOUT);
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  @Override
  public long pid() {
    return server.pid();
  }

  @Override
  public Http app() {
    return server.http();
  }

  @Override
  public Http health() {
    return server.http();
  }

  @Override
  public boolean hasMicroProfileMetrics() {
    return true;
  }

  @Override
  public boolean canUndeploy() {
    return false;
  }

  @Override
  public void undeploy() {
    throw new UnsupportedOperationException("Payara Micro only redeploys");
  }

  /**
   * Touches {@code .reload} and waits until the old deployment is gone (a request fails, or the
   * tick counter starts again from zero) and the new one is ready.
   */
  @Override
  public Duration deploy() {
    long before = ServerMatrix.ticks(app());
    int logBefore = server.log().length();
    long t0 = System.nanoTime();
    try {
      Path reload = app.resolve(".reload");
      if (!Files.exists(reload)) {
        Files.createFile(reload);
      }
      Files.setLastModifiedTime(reload, FileTime.from(Instant.now()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    boolean replaced = false;
    long deadline = t0 + FloeServer.START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("Payara Micro died during the redeploy; see " + log());
      }
      String since = server.log().substring(logBefore);
      if (since.contains("Exception while loading the app")) {
        throw new AssertionError(
            "Payara Micro could not deploy Floe again: " + rootCause(since) + "; see " + log());
      }
      try {
        HttpResponse<String> metrics = app().get("admin/metrics");
        replaced |= metrics.statusCode() != 200 || ServerMatrix.ticks(metrics.body()) < before;
        if (replaced && app().get("health/ready").statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - t0);
        }
      } catch (RuntimeException e) {
        replaced = true; // the old deployment is going
      }
      Processes.sleep(250);
    }
    throw new AssertionError(
        "Floe was not "
            + (replaced ? "ready again" : "undeployed")
            + " within "
            + FloeServer.START_TIMEOUT
            + " of touching "
            + app.resolve(".reload")
            + "; see "
            + log());
  }

  /** The innermost cause a stack trace in the log names, else its first SEVERE line. */
  static String rootCause(String log) {
    List<String> lines = log.lines().toList();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("Caused by: ")) {
        return lines.get(i).substring("Caused by: ".length());
      }
    }
    return lines.stream().filter(l -> l.contains("SEVERE")).findFirst().orElse("(no cause logged)");
  }

  @Override
  public void stop() {
    server.stop();
  }

  @Override
  public Path log() {
    return server.logFile();
  }

  @Override
  public void close() {
    server.close();
  }

  private static void unzip(Path war, Path into) {
    Processes.deleteTree(into);
    try (ZipFile zip = new ZipFile(war.toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        Path target = into.resolve(e.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("entry outside the folder: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = zip.getInputStream(e)) {
            Files.copy(in, target);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
