package dev.floe.it.harness;

import dev.floe.it.fixtures.Http;
import dev.floe.it.fixtures.Processes;
import dev.floe.it.fixtures.S3Proxy;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Floe on Payara Micro as its own process, for tests that stop, kill or restart the server. The
 * command line is scripts/run.sh's without its jvm.options and post-boot commands: {@code java
 * -Xmx512m -D... -jar payara-micro.jar --nohazelcast --rootdir DIR --port PORT --contextroot /
 * --deploy floe.war}. Output (stdout and stderr) goes to a log file, by default {@code
 * <rootDir>.log} next to the root dir, so that it outlives a {@code @TempDir} root. Tests get one
 * wired to their storage from {@link Harness}.
 */
public final class FloeServer implements AutoCloseable {
  /** Generous: Payara Micro takes tens of seconds to deploy on a busy build machine. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  /** How long {@link #stop()} waits for the graceful shutdown, flushes included. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

  private final int port;
  private final Path rootDir;
  private final Path logFile;
  private final Map<String, String> properties;
  private final Map<String, String> environment;
  private final String deploy;
  private final List<String> options;
  private boolean started;
  private Process process;

  private FloeServer(Builder b) {
    this.port = b.port;
    this.rootDir = b.rootDir;
    this.logFile =
        b.logFile != null ? b.logFile : b.rootDir.resolveSibling(b.rootDir.getFileName() + ".log");
    this.properties = new LinkedHashMap<>(b.properties);
    this.environment = new LinkedHashMap<>(b.environment);
    this.deploy = b.deploy != null ? b.deploy.toString() : System.getProperty("floe.it.war");
    this.options = List.copyOf(b.options);
    if (!properties.containsKey("floe.wal.dir") && !environment.containsKey("FLOE_WAL_DIR")) {
      // beside the root dir, never the working folder; kept across restarts
      properties.put("floe.wal.dir", walDir().toString());
    }
  }

  /** The write-ahead log folder the server uses unless the test names another. */
  public Path walDir() {
    return rootDir.resolveSibling(rootDir.getFileName() + "-wal");
  }

  /** A server whose Payara Micro keeps its domain under {@code rootDir} ({@code --rootdir}). */
  public static Builder builder(Path rootDir) {
    return new Builder(rootDir);
  }

  /**
   * Launches the server and returns at once; see {@link #awaitReady} and {@link #awaitDeployed}.
   */
  public synchronized FloeServer start() {
    if (isAlive()) {
      throw new IllegalStateException("already running");
    }
    List<String> command = new ArrayList<>(List.of(Processes.java(), "-Xmx512m"));
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of("-jar", System.getProperty("payara.microJar"), "--nohazelcast"));
    command.addAll(List.of("--rootdir", rootDir.toString(), "--port", Integer.toString(port)));
    command.addAll(List.of("--contextroot", "/", "--deploy", deploy));
    command.addAll(options);
    // a reused runtime folder makes Payara redeploy the old app first
    Processes.deleteTree(rootDir);
    Processes.createDirectories(logFile.toAbsolutePath().getParent());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            // the first start begins a fresh log; restarts append to it
            .redirectOutput(
                started
                    ? ProcessBuilder.Redirect.appendTo(logFile.toFile())
                    : ProcessBuilder.Redirect.to(logFile.toFile()));
    pb.environment().putAll(environment);
    process = Processes.start(pb);
    started = true;
    return this;
  }

  /** Waits until GET /health/ready answers 200; fails at once, with the log tail, if it dies. */
  public FloeServer awaitReady(Duration timeout) {
    awaitHealth("200", r -> r.statusCode() == 200, timeout);
    return this;
  }

  /** Waits until GET /health/ready answers {@code status}, and returns that answer's body. */
  public String awaitReadiness(int status, Duration timeout) {
    String[] body = new String[1];
    awaitHealth(
        Integer.toString(status),
        r -> {
          body[0] = r.body();
          return r.statusCode() == status;
        },
        timeout);
    return body[0];
  }

  /**
   * Waits until GET /health/ready answers 200 with a body holding {@code text} (a data field the
   * background storage check fills in a few seconds), and returns that body.
   */
  public String awaitReadyWith(String text, Duration timeout) {
    String[] body = new String[1];
    awaitHealth(
        "200 with " + text,
        r -> {
          body[0] = r.body();
          return r.statusCode() == 200 && r.body().contains(text);
        },
        timeout);
    return body[0];
  }

  /**
   * Waits until Floe is deployed: GET /health/ready carries Floe's own check, UP or DOWN, and its
   * resources answer (health checks register before the deployment completes).
   */
  public FloeServer awaitDeployed(Duration timeout) {
    awaitHealth(
        "Floe's check",
        r -> r.body().contains("floe-intake") && http().get("debug/status/x").statusCode() == 200,
        timeout);
    return this;
  }

  /** SIGTERM, as Ctrl-C or an orchestrator sends, then waits for the graceful shutdown to end. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!Processes.awaitExit(process, STOP_TIMEOUT)) {
      process.destroyForcibly();
      throw new AssertionError(
          "server did not stop within " + STOP_TIMEOUT + " of SIGTERM; log tail:\n" + tail());
    }
  }

  /** SIGKILL, as a crash or the OOM killer: no shutdown hooks, no flush. Waits for the exit. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    if (!Processes.awaitExit(process, STOP_TIMEOUT)) {
      throw new AssertionError("server still running " + STOP_TIMEOUT + " after SIGKILL");
    }
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The exit code of the last run; fails if it is still running or never ran. */
  public synchronized int exitValue() {
    if (process == null) {
      throw new IllegalStateException("never started");
    }
    return process.exitValue();
  }

  public int port() {
    return port;
  }

  /** The process id of the server JVM (for jcmd, /proc); fails if it never started. */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException("never started");
    }
    return process.pid();
  }

  public String baseUrl() {
    return "http://localhost:" + port + "/";
  }

  public Http http() {
    return new Http(baseUrl());
  }

  public Path logFile() {
    return logFile;
  }

  /** Everything the server wrote so far, across restarts. */
  public String log() {
    return Processes.read(logFile);
  }

  @Override
  public void close() {
    kill();
  }

  private void awaitHealth(String what, Predicate<HttpResponse<String>> done, Duration timeout) {
    Http http = http();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!isAlive()) {
        throw new AssertionError("server process not running; log tail:\n" + tail());
      }
      try {
        if (done.test(http.get("health/ready"))) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      Processes.sleep(500);
    }
    String failure = "GET /health/ready did not answer %s within %s; log tail:%n%s";
    throw new AssertionError(String.format(failure, what, timeout, tail()));
  }

  private String tail() {
    return Processes.tail(logFile, 60);
  }

  /** A log file named for a test, kept in the build's it-logs folder for failed CI runs. */
  public static Path logFor(String name) {
    return Path.of(System.getProperty("floe.it.logs", System.getProperty("java.io.tmpdir")))
        .resolve(name + ".log");
  }

  /** Settings of a {@link FloeServer}; every one but the root dir has a default. */
  public static final class Builder {
    private final Path rootDir;
    private int port = Processes.freePort();
    private Path logFile;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path deploy;
    private final List<String> options = new ArrayList<>();

    private Builder(Path rootDir) {
      this.rootDir = rootDir;
    }

    /** The HTTP port; by default a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * What {@code --deploy} names: by default the build's WAR; an exploded WAR folder works too.
     */
    public Builder deploy(Path artifact) {
      this.deploy = artifact;
      return this;
    }

    /** More Payara Micro options after the usual ones, e.g. {@code --sslport}. */
    public Builder options(String... args) {
      options.addAll(List.of(args));
      return this;
    }

    /** Where stdout and stderr go; by default {@code <rootDir>.log}. */
    public Builder logFile(Path logFile) {
      this.logFile = logFile;
      return this;
    }

    /** A system property ({@code -Dkey=value}) of the server JVM. */
    public Builder property(String key, Object value) {
      properties.put(key, String.valueOf(value));
      return this;
    }

    /** A buffer timeout of an hour: buffers flush when asked, when full or on stop, not on time. */
    public Builder noTimedFlush() {
      return property("iceberg.buffer.timeout.ms", 3_600_000);
    }

    /** A 2 s buffer timeout and retries at most 2 s apart: held-back events land quickly. */
    public Builder quickRecovery() {
      return env("ICEBERG_BUFFER_TIMEOUT_MS", 2000).env("FLOE_FLUSH_RETRY_MAX_MS", 2000);
    }

    /** Storage in {@code bucket} on the s3proxy, under the seed's variables, with this secret. */
    public Builder storage(S3Proxy s3, String bucket, String secretKey) {
      return env("R2_ENDPOINT", s3.endpoint())
          .env("R2_BUCKET", bucket)
          .env("R2_ACCESS_KEY_ID", s3.accessKey())
          .env("R2_SECRET_ACCESS_KEY", secretKey);
    }

    /** An environment variable of the server process, on top of the test JVM's own. */
    public Builder env(String name, Object value) {
      environment.put(name, String.valueOf(value));
      return this;
    }

    public FloeServer build() {
      return new FloeServer(this);
    }
  }
}
