package dev.floe.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A real S3-compatible server for integration tests: s3proxy, run as its own process (its fat jar
 * stays off our class path) on a loopback port, storing objects as files under {@code
 * baseDir/data}, so that they survive {@link #stop()} and {@link #restart()}. Signatures (v2 and
 * v4) are checked against {@link #accessKey()} / {@link #secretKey()}.
 *
 * <pre>{@code
 * try (S3Proxy s3 = S3Proxy.start(tempDir)) {
 *   s3.createBucket("warehouse");
 *   s3.client().putObject(...);
 * }
 * }</pre>
 */
public final class S3Proxy implements AutoCloseable {
  private static final String ACCESS_KEY = "floe-it-access-key";
  private static final String SECRET_KEY = "floe-it-secret-key";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Path baseDir;
  private final Path properties;
  private final Path log;
  private final int port;
  private boolean launched;
  private Process process;
  private S3Client client;

  private S3Proxy(Path baseDir, int port) {
    this.baseDir = baseDir;
    this.properties = baseDir.resolve("s3proxy.properties");
    this.log = baseDir.resolve("s3proxy.log");
    this.port = port;
  }

  /**
   * Starts s3proxy on a free loopback port, keeping its files (data, configuration, log) under
   * {@code baseDir}, and returns once it answers S3 requests.
   */
  public static S3Proxy start(Path baseDir) {
    S3Proxy proxy = new S3Proxy(baseDir, Processes.freePort());
    proxy.writeProperties();
    proxy.launch();
    return proxy;
  }

  /** The base URL S3 clients use, e.g. {@code http://127.0.0.1:40123}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String accessKey() {
    return ACCESS_KEY;
  }

  public String secretKey() {
    return SECRET_KEY;
  }

  /** Where the objects live on disk: one folder per bucket. */
  public Path dataDir() {
    return baseDir.resolve("data");
  }

  /** The server's output so far, across restarts. */
  public String log() {
    return Processes.read(log);
  }

  /** A client set up as Floe sets up its own (see {@link #client(String, String)}); shared. */
  public synchronized S3Client client() {
    if (client == null) {
      client = client(ACCESS_KEY, SECRET_KEY);
    }
    return client;
  }

  /**
   * A new client with the given keys, configured the way Floe configures its S3 client for R2 and
   * other S3-compatible stores: path-style addressing, region "auto", checksums only where the API
   * requires them, the Apache HTTP client without {@code Expect: 100-continue}. The caller closes
   * it.
   */
  public S3Client client(String accessKey, String secretKey) {
    return builder(accessKey, secretKey).build();
  }

  public void createBucket(String name) {
    client().createBucket(b -> b.bucket(name));
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the server outright (an outage, not a shutdown) and waits until its port is closed. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    if (!Processes.awaitExit(process, STOP_TIMEOUT)) {
      throw new AssertionError("s3proxy did not exit within " + STOP_TIMEOUT);
    }
    process = null;
    Processes.awaitPortClosed(port, STOP_TIMEOUT);
  }

  /**
   * Starts the server again on the same port and data, returning once it answers; {@link #client()}
   * then gives a fresh client.
   */
  public synchronized void restart() {
    stop();
    launch();
    // pooled connections to the old process are dead; the next requests would find them first
    if (client != null) {
      client.close();
      client = null;
    }
  }

  @Override
  public synchronized void close() {
    try {
      stop();
    } finally {
      if (client != null) {
        client.close();
        client = null;
      }
    }
  }

  private void writeProperties() {
    Properties p = new Properties();
    p.setProperty("s3proxy.endpoint", endpoint());
    p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    p.setProperty("s3proxy.identity", ACCESS_KEY);
    p.setProperty("s3proxy.credential", SECRET_KEY);
    p.setProperty("jclouds.provider", "filesystem-nio2");
    p.setProperty("jclouds.filesystem.basedir", dataDir().toString());
    try {
      Files.createDirectories(dataDir());
      try (Writer w = Files.newBufferedWriter(properties, StandardCharsets.UTF_8)) {
        p.store(w, "s3proxy for Floe's integration tests");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void launch() {
    // The first run starts a fresh log; restarts append to it.
    ProcessBuilder.Redirect output =
        launched
            ? ProcessBuilder.Redirect.appendTo(log.toFile())
            : ProcessBuilder.Redirect.to(log.toFile());
    launched = true;
    process =
        Processes.start(
            new ProcessBuilder(
                    Processes.java(),
                    "-Xmx256m",
                    "-jar",
                    System.getProperty("floe.it.s3proxyJar"),
                    "--properties",
                    properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(output));
    try {
      awaitAnswering();
    } catch (RuntimeException | Error e) {
      process.destroyForcibly(); // a failed start must not leave a server behind
      process = null;
      throw e;
    }
  }

  /** Ready means an authenticated S3 call succeeds, not merely that the port is open. */
  private void awaitAnswering() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    RuntimeException last = null;
    // A single-attempt client with short timeouts, so each probe reflects the server's state now.
    try (S3Client probe =
        builder(ACCESS_KEY, SECRET_KEY)
            .httpClientBuilder(
                httpClient()
                    .connectionTimeout(Duration.ofSeconds(1))
                    .socketTimeout(Duration.ofSeconds(5)))
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build()) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new AssertionError(
              "s3proxy exited with " + process.exitValue() + "; log tail:\n" + tail(), last);
        }
        try {
          probe.listBuckets();
          return;
        } catch (RuntimeException e) {
          last = e;
        }
        Processes.sleep(100);
      }
    }
    throw new AssertionError(
        "s3proxy not answering on "
            + endpoint()
            + " within "
            + START_TIMEOUT
            + "; log tail:\n"
            + tail(),
        last);
  }

  /** A client builder with the settings of {@link #client(String, String)}, to add to. */
  public S3ClientBuilder builder(String accessKey, String secretKey) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(Region.of("auto"))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClientBuilder(httpClient());
  }

  private static ApacheHttpClient.Builder httpClient() {
    return ApacheHttpClient.builder().expectContinueEnabled(false);
  }

  private String tail() {
    return Processes.tail(log, 40);
  }
}
