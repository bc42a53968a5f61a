package dev.floe.it.matrix;

import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Payara Server or WildFly in the matrix, driven only through its deploy script, as a user would:
 * {@code scripts/deploy-<server>.sh} starts the server if needed, (re)deploys {@code FLOE_ARTIFACT}
 * and exits 0 once Floe is ready; {@code --undeploy} leaves the server running; {@code --stop}
 * stops it. Every FLOE_* variable of the script's environment reaches Floe.
 */
final class ScriptMatrixServer implements MatrixServer {
  /** The first run may download the distribution through Maven and configure it. */
  private static final Duration FIRST_RUN_TIMEOUT = Duration.ofMinutes(20);

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);

  private final String name;
  private final Path script;
  private final Path dir;
  private final int adminPort;
  private final boolean healthOnAdminPort;
  private final boolean microProfileMetrics;
  private final Path artifact;
  private final Path scriptLog;
  private Duration firstRun;

  private ScriptMatrixServer(
      String name,
      String script,
      Path dir,
      int adminPort,
      boolean healthOnAdminPort,
      boolean microProfileMetrics) {
    this.name = name;
    this.script = Path.of(System.getProperty("floe.matrix.scripts", "scripts")).resolve(script);
    this.dir = dir;
    this.adminPort = adminPort;
    this.healthOnAdminPort = healthOnAdminPort;
    this.microProfileMetrics = microProfileMetrics;
    // Payara Server takes the EAR, WildFly the WAR: WildFly registers no MicroProfile Health check
    // of a web module inside an EAR (WFLY-12835). -Dfloe.matrix.artifact=war|ear sets both.
    String kind = System.getProperty("floe.matrix.artifact", healthOnAdminPort ? "war" : "ear");
    this.artifact =
        "war".equals(kind)
            ? Path.of(System.getProperty("floe.it.war", "target/floe.war"))
            : Path.of(System.getProperty("floe.it.ear", "target/ear/floe.ear"));
    this.scriptLog = dir.resolve("script.log");
  }

  static ScriptMatrixServer payaraServer(Path dir) {
    return new ScriptMatrixServer(
        "payara-server", "deploy-payara-server.sh", dir, PAYARA_ADMIN_PORT, false, true);
  }

  /** WildFly serves MicroProfile Health on its management port, and has no MP Metrics. */
  static ScriptMatrixServer wildfly(Path dir) {
    return new ScriptMatrixServer(
        "wildfly", "deploy-wildfly.sh", dir, WILDFLY_ADMIN_PORT, true, false);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String artifact() {
    return artifact.getFileName().toString();
  }

  @Override
  public Path warehouse() {
    return dir.resolve("warehouse");
  }

  /** How long the first run took: download, configuration, start and deploy. */
  Duration firstRun() {
    return firstRun;
  }

  /**
   * Runs the script once to fetch, configure, start and deploy, stops the server, then measures a
   * start of the configured server with Floe deployed.
   */
  @Override
  public Duration start() {
    if (!Files.isRegularFile(script)) {
      throw new AssertionError(
          script
              + " does not exist: the "
              + name
              + " case needs it (see the deploy scripts' contract)");
    }
    if (!Files.isRegularFile(artifact)) {
      throw new AssertionError(artifact + " does not exist: the build makes it before the matrix");
    }
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(scriptLog);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run(RUN_TIMEOUT, "--stop"); // a server left by an interrupted run
    // the previous server of the matrix may still be letting go of the same ports
    Processes.awaitPortClosed(HTTP_PORT, Duration.ofSeconds(60));
    Processes.awaitPortClosed(adminPort, Duration.ofSeconds(60));
    Processes.deleteTree(warehouse());
    Processes.deleteTree(dir.resolve("wal"));
    firstRun = expectSuccess(FIRST_RUN_TIMEOUT);
    expectSuccess(RUN_TIMEOUT, "--stop");
    Processes.awaitPortClosed(HTTP_PORT, Duration.ofSeconds(60));
    return expectSuccess(RUN_TIMEOUT);
  }

  @Override
  public long pid() {
    return JvmProbe.pidListeningOn(HTTP_PORT);
  }

  @Override
  public Http app() {
    return new Http("http://127.0.0.1:" + HTTP_PORT + "/");
  }

  @Override
  public Http health() {
    return healthOnAdminPort ? new Http("http://127.0.0.1:" + adminPort + "/") : app();
  }

  @Override
  public boolean hasMicroProfileMetrics() {
    return microProfileMetrics;
  }

  @Override
  public boolean canUndeploy() {
    return true;
  }

  @Override
  public void undeploy() {
    expectSuccess(RUN_TIMEOUT, "--undeploy");
  }

  @Override
  public Duration deploy() {
    return expectSuccess(RUN_TIMEOUT);
  }

  @Override
  public void stop() {
    expectSuccess(RUN_TIMEOUT, "--stop");
  }

  @Override
  public Path log() {
    return scriptLog;
  }

  /** Stops whatever is still running; never throws, so that a failure is not hidden. */
  @Override
  public void close() {
    if (Files.isRegularFile(script)) {
      try {
        run(RUN_TIMEOUT, "--stop");
      } catch (RuntimeException | AssertionError e) {
        System.err.println(name + ": --stop after the run failed: " + e.getMessage());
      }
    }
  }

  private Duration expectSuccess(Duration timeout, String... args) {
    long t0 = System.nanoTime();
    int exit = run(timeout, args);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    if (exit != 0) {
      throw new AssertionError(
          String.join(" ", command(args))
              + " exited "
              + exit
              + " after "
              + took.toSeconds()
              + " s; the end of "
              + scriptLog
              + ":\n"
              + Processes.tail(scriptLog, 40));
    }
    return took;
  }

  /** Runs the script with the matrix's environment, its output appended to the script log. */
  private int run(Duration timeout, String... args) {
    List<String> command = command(args);
    try {
      Files.createDirectories(dir);
      Files.writeString(
          scriptLog,
          "\n$ " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(script.toAbsolutePath().getParent().getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(scriptLog.toFile()));
    pb.environment().putAll(environment());
    Process p = Processes.start(pb);
    if (!Processes.awaitExit(p, timeout)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(
          String.join(" ", command) + " did not end within " + timeout + "; see " + scriptLog);
    }
    return p.exitValue();
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    return command;
  }

  private Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HTTP_PORT", Integer.toString(HTTP_PORT));
    env.put("ADMIN_PORT", Integer.toString(adminPort));
    env.put("FLOE_ARTIFACT", artifact.toAbsolutePath().toString());
    env.put("FLOE_SERVERS_DIR", dir.resolveSibling("servers").toAbsolutePath().toString());
    env.put("FLOE_WAREHOUSE", warehouse().toAbsolutePath().toString());
    env.put("FLOE_WAL_DIR", dir.resolve("wal").toAbsolutePath().toString());
    env.put("ICEBERG_BUFFER_TIMEOUT_MS", Long.toString(ServerMatrix.BUFFER_TIMEOUT_MS));
    env.put("FLOE_TRUST_CF_HEADERS", "true"); // the seed's requests come through Cloudflare
    return env;
  }
}
