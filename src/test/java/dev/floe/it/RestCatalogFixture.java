package dev.floe.it;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.HTTPRequest;
import org.apache.iceberg.rest.ParserContext;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.apache.iceberg.rest.RESTResponse;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real Apache Iceberg REST catalog for integration tests, served from the test JVM so that tests
 * can flip its fault switches directly: Iceberg's own {@link RESTCatalogAdapter} and {@link
 * RESTCatalogServlet} (from iceberg-core's test jar) in Jetty on a loopback port, in front of a
 * {@link JdbcCatalog} kept in a SQLite file under the fixture's directory (so the catalog survives
 * {@link #restart()}), with table files on an {@link S3Proxy} bucket through Iceberg's S3FileIO.
 *
 * <p>What this fixture adds in front of Iceberg's servlet, as servlet filters:
 *
 * <ul>
 *   <li>a bearer token: a request without {@code Authorization: Bearer <token>} gets 401 (or, with
 *       {@link #forbid(boolean)}, every request with it gets 403), with an Iceberg error body;
 *   <li>a catalog prefix: {@code /v1/config} advertises the override {@code prefix}={@value
 *       #PREFIX}, and only {@code /v1/config}, {@code /v1/oauth/...} and {@code /v1/ws/...} paths
 *       are served (the rest get 400, as Iceberg's servlet answers a path it has no route for); the
 *       warehouse, if a client names one, must be {@link #warehouse()};
 *   <li>commit faults: {@link #failNextCommitsAfterApplying(int)} and {@link
 *       #failNextCommitsBeforeApplying(int)}, with counters of commit requests and applied commits;
 *   <li>a log of requests ({@link #requests()}) that notes whether a request carried an {@code
 *       Authorization} header, never its value.
 * </ul>
 *
 * <pre>{@code
 * try (RestCatalogFixture rest = RestCatalogFixture.start(dir, s3, "lake", "secret-token")) {
 *   rest.catalog().createNamespace(Namespace.of("ns"));
 *   ...
 * }
 * }</pre>
 */
public final class RestCatalogFixture implements AutoCloseable {
  /** The catalog prefix advertised by {@code /v1/config}: table paths are {@code /v1/ws/...}. */
  public static final String PREFIX = "ws";

  private static final String CATALOG_NAME = "floe_it";
  private static final String LOCATION_PREFIX = "warehouse";

  /** A table commit: POST of a table, with or without a prefix, or a multi-table transaction. */
  private static final Pattern COMMIT =
      Pattern.compile("/v1/(?:[^/]+/)?(?:namespaces/[^/]+/tables/[^/]+|transactions/commit)");

  /** One request as the fixture saw it: the path as sent, and the final status. */
  public record Request(
      String method, String path, boolean hasAuthorization, String idempotencyKey, int status) {}

  private final Path dir;
  private final S3Proxy s3;
  private final String bucket;
  private final String token;

  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger failAfterApplying = new AtomicInteger();
  private final AtomicInteger failBeforeApplying = new AtomicInteger();
  private final AtomicInteger commitRequests = new AtomicInteger();
  private final AtomicInteger appliedCommits = new AtomicInteger();
  private volatile boolean forbidden;
  private volatile String idempotencyKeyLifetime;
  private volatile java.util.function.Supplier<Map<String, String>> vended;

  private int port; // 0 until the first start picks one; then kept across restarts
  private Server server;
  private JdbcCatalog backend;
  private RESTCatalog client;

  private RestCatalogFixture(Path dir, S3Proxy s3, String bucket, String token) {
    this.dir = dir;
    this.s3 = s3;
    this.bucket = bucket;
    this.token = token;
  }

  /**
   * Creates the bucket on the S3 server if it is missing and starts a catalog whose tables live
   * under {@code s3://<bucket>/warehouse/}, its SQLite database in {@code dir}, serving on a free
   * loopback port and accepting only requests with the given bearer token.
   */
  public static RestCatalogFixture start(Path dir, S3Proxy s3, String bucket, String token) {
    try {
      java.nio.file.Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (s3.client().listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
      s3.createBucket(bucket);
    }
    RestCatalogFixture fixture = new RestCatalogFixture(dir, s3, bucket, token);
    fixture.launch();
    return fixture;
  }

  /** The catalog's base URL, e.g. {@code http://127.0.0.1:40123}; the same after a restart. */
  public String uri() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The s3proxy bucket that holds the warehouse. */
  public String bucket() {
    return bucket;
  }

  /** The warehouse name clients may send (property {@code warehouse}): the bucket's name. */
  public String warehouse() {
    return bucket;
  }

  /** Where the catalog puts new tables: {@code s3://<bucket>/warehouse}. */
  public String warehouseLocation() {
    return "s3://" + bucket + "/" + LOCATION_PREFIX;
  }

  /** The bucket key prefix of {@link #warehouseLocation()}, without slashes. */
  public String warehouseKeyPrefix() {
    return LOCATION_PREFIX;
  }

  public String token() {
    return token;
  }

  /** The SQLite file holding the catalog. */
  public Path database() {
    return dir.resolve("catalog.db");
  }

  public boolean isRunning() {
    return server != null && server.isRunning();
  }

  /**
   * Client properties for this catalog: uri, token, warehouse, and S3FileIO settings for the
   * S3Proxy (a REST client writes manifests itself, so it needs storage access too).
   */
  public Map<String, String> clientProperties() {
    Map<String, String> props = new HashMap<>(s3Properties());
    props.put("uri", uri());
    props.put("rest.auth.type", "oauth2"); // a fixed bearer token, no token endpoint in use
    props.put("oauth2-server-uri", uri() + "/v1/oauth/tokens");
    props.put("token", token);
    props.put("warehouse", warehouse());
    return props;
  }

  /** A client of this catalog (see {@link #clientProperties()}), shared; closed by the fixture. */
  public synchronized RESTCatalog catalog() {
    if (client == null) {
      client = newCatalog(Map.of());
    }
    return client;
  }

  /** A new client with {@link #clientProperties()} and the given ones on top; the caller closes. */
  public RESTCatalog newCatalog(Map<String, String> overrides) {
    Map<String, String> props = clientProperties();
    props.putAll(overrides);
    RESTCatalog catalog = new RESTCatalog();
    catalog.initialize("floe-it-client", props);
    return catalog;
  }

  /**
   * The next {@code n} commit requests reach the catalog and are applied, but the client gets 503
   * instead of the catalog's answer: the commit landed, and the answer saying so is lost. Iceberg's
   * client maps the 503 to {@code CommitStateUnknownException}; for a commit that only adds a
   * snapshot (a plain append) Iceberg 1.11's client then reloads the table and, finding its
   * snapshot, reports success.
   */
  public void failNextCommitsAfterApplying(int n) {
    failAfterApplying.set(n);
  }

  /** The next {@code n} commit requests get 503 without reaching the catalog. */
  public void failNextCommitsBeforeApplying(int n) {
    failBeforeApplying.set(n);
  }

  /** Commit requests received (table commits and transactions), faulted ones included. */
  public int commitRequests() {
    return commitRequests.get();
  }

  /** Commit requests the catalog applied, whether or not the client was told. */
  public int appliedCommits() {
    return appliedCommits.get();
  }

  /** While on, every request with the right token gets 403 Forbidden. */
  public void forbid(boolean on) {
    forbidden = on;
  }

  /**
   * Makes {@code /v1/config} advertise {@code idempotency-key-lifetime} (an ISO-8601 duration such
   * as {@code PT30M}), so that Iceberg's client sends an {@code Idempotency-Key} with each
   * mutation; {@code null} (the default) advertises nothing. Clients read the config when they
   * initialise: set this before creating one. Iceberg's handlers honour the header either way,
   * replaying the first outcome for a repeated key from a JVM-wide store that lives for 30 minutes
   * (and so survives {@link #restart()}).
   */
  public void advertiseIdempotencyKeyLifetime(String isoDuration) {
    idempotencyKeyLifetime = isoDuration;
  }

  /**
   * From now on each table load (and create) vends storage settings: the supplier's entries, asked
   * for afresh on every load, go into the response's {@code config} as a catalog vending
   * short-lived credentials does ({@code s3.session-token}, {@code s3.session-token-expires-at-ms},
   * ...). {@code null} stops vending.
   */
  public void vendCredentials(java.util.function.Supplier<Map<String, String>> perLoad) {
    vended = perLoad;
  }

  /** The requests so far, oldest first. */
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();

  public List<Request> requests() {
    // a client can read its answer before the filter logs it: let requests in flight finish
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Processes.sleep(10);
    }
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  /** Stops serving; the database and the bucket stay. Closes the shared client. */
  public synchronized void stop() {
    closeClient();
    if (server == null) {
      return;
    }
    try {
      server.stop();
      backend.close();
    } catch (Exception e) {
      throw new IllegalStateException("stopping the REST catalog", e);
    } finally {
      server = null;
      backend = null;
    }
  }

  /** Stops and starts again on the same port with the same database: a catalog restart. */
  public synchronized void restart() {
    stop();
    launch();
  }

  @Override
  public synchronized void close() {
    stop();
  }

  private Map<String, String> s3Properties() {
    return Map.of(
        "io-impl",
        "org.apache.iceberg.aws.s3.S3FileIO",
        "s3.endpoint",
        s3.endpoint(),
        "s3.path-style-access",
        "true",
        "s3.access-key-id",
        s3.accessKey(),
        "s3.secret-access-key",
        s3.secretKey(),
        "client.region",
        "us-east-1");
  }

  private synchronized void launch() {
    Map<String, String> props = new HashMap<>(s3Properties());
    props.put("uri", "jdbc:sqlite:" + database());
    props.put("jdbc.schema-version", "V1"); // with views, as Iceberg's own fixture
    props.put("warehouse", warehouseLocation());
    props.put("clients", "1"); // one SQLite connection: no lock contention between our own
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.initialize(CATALOG_NAME, props);

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    addFilter(context, this::logRequest);
    addFilter(context, this::checkToken);
    addFilter(context, this::requirePrefix);
    addFilter(context, this::injectCommitFaults);
    context.addServlet(new ServletHolder(new RESTCatalogServlet(new Adapter(catalog))), "/*");

    QueuedThreadPool threads = new QueuedThreadPool(32, 2);
    threads.setName("rest-catalog");
    threads.setDaemon(true); // a fixture left open must not keep the test JVM alive
    Server jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);
    jetty.setHandler(context);
    try {
      jetty.start();
    } catch (Exception e) {
      try {
        jetty.stop();
        catalog.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException("starting the REST catalog on port " + port, e);
    }
    port = connector.getLocalPort();
    server = jetty;
    backend = catalog;
  }

  private synchronized void closeClient() {
    if (client != null) {
      try {
        client.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        client = null;
      }
    }
  }

  // ---- the filters, outermost first ----

  private void logRequest(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    inFlight.incrementAndGet();
    try {
      chain.doFilter(req, res);
    } finally {
      requests.add(
          new Request(
              req.getMethod(),
              req.getRequestURI(),
              req.getHeader("Authorization") != null,
              req.getHeader("Idempotency-Key"),
              res.getStatus()));
      inFlight.decrementAndGet();
    }
  }

  private void checkToken(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!("Bearer " + token).equals(req.getHeader("Authorization"))) {
      res.setHeader("WWW-Authenticate", "Bearer");
      sendError(res, 401, "NotAuthorizedException", "Missing or invalid bearer token");
    } else if (forbidden) {
      sendError(res, 403, "ForbiddenException", "The token may not do this");
    } else {
      chain.doFilter(req, res);
    }
  }

  /** Serves {@code /v1/ws/...} as Iceberg's servlet's {@code /v1/...}; refuses unprefixed paths. */
  private void requirePrefix(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String path = req.getRequestURI();
    String prefixed = "/v1/" + PREFIX + "/";
    if (path.startsWith(prefixed)) {
      String unprefixed = "/v1/" + path.substring(prefixed.length());
      chain.doFilter(
          new HttpServletRequestWrapper(req) {
            @Override
            public String getRequestURI() {
              return unprefixed;
            }
          },
          res);
    } else if (path.equals("/v1/config")) {
      String named = req.getParameter("warehouse");
      if (named != null && !named.equals(warehouse())) {
        sendError(res, 404, "NotFoundException", "No such warehouse: " + named);
      } else {
        chain.doFilter(req, res);
      }
    } else if (path.startsWith("/v1/oauth/")) {
      chain.doFilter(req, res);
    } else {
      sendError(
          res,
          400,
          "BadRequestException",
          "No route for request: " + req.getMethod() + " " + path + " (prefix is " + PREFIX + ")");
    }
  }

  private void injectCommitFaults(
      HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!"POST".equals(req.getMethod()) || !COMMIT.matcher(req.getRequestURI()).matches()) {
      chain.doFilter(req, res);
      return;
    }
    commitRequests.incrementAndGet();
    if (takeOne(failBeforeApplying)) {
      sendError(res, 503, "ServiceUnavailableException", "Injected fault: commit not applied");
      return;
    }
    boolean dropAnswer = takeOne(failAfterApplying);
    BufferedResponse buffered = new BufferedResponse(res);
    chain.doFilter(req, buffered);
    if (buffered.getStatus() / 100 == 2) {
      appliedCommits.incrementAndGet();
    }
    if (dropAnswer) {
      res.reset(); // the catalog's status and headers; its body never left the buffer
      sendError(
          res, 503, "ServiceUnavailableException", "Injected fault: commit applied, answer lost");
    } else {
      res.getOutputStream().write(buffered.body());
    }
  }

  private static boolean takeOne(AtomicInteger remaining) {
    return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  private static void sendError(HttpServletResponse res, int code, String type, String message)
      throws IOException {
    res.setStatus(code);
    res.setContentType("application/json");
    byte[] body =
        ErrorResponseParser.toJson(
                ErrorResponse.builder()
                    .responseCode(code)
                    .withType(type)
                    .withMessage(message)
                    .build())
            .getBytes(StandardCharsets.UTF_8);
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }

  private interface HttpFilter {
    void filter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
        throws IOException, ServletException;
  }

  private static void addFilter(ServletContextHandler context, HttpFilter filter) {
    Filter plain =
        (req, res, chain) ->
            filter.filter((HttpServletRequest) req, (HttpServletResponse) res, chain);
    context.addFilter(new FilterHolder(plain), "/*", EnumSet.of(DispatcherType.REQUEST));
  }

  /** Iceberg's adapter, with this fixture's additions to the config it hands out. */
  private final class Adapter extends RESTCatalogAdapter {
    Adapter(JdbcCatalog catalog) {
      super(catalog);
    }

    @Override
    protected <T extends RESTResponse> T execute(
        HTTPRequest request,
        Class<T> responseType,
        Consumer<ErrorResponse> errorHandler,
        Consumer<Map<String, String>> responseHeaders,
        ParserContext parserContext) {
      T response =
          super.execute(request, responseType, errorHandler, responseHeaders, parserContext);
      if (response instanceof ConfigResponse config) {
        return responseType.cast(
            ConfigResponse.builder()
                .withDefaults(config.defaults())
                .withOverrides(config.overrides())
                .withOverride("prefix", PREFIX)
                .withEndpoints(config.endpoints())
                .withIdempotencyKeyLifetime(idempotencyKeyLifetime)
                .build());
      }
      java.util.function.Supplier<Map<String, String>> vend = vended;
      if (vend != null
          && response instanceof org.apache.iceberg.rest.responses.LoadTableResponse load) {
        return responseType.cast(
            org.apache.iceberg.rest.responses.LoadTableResponse.builder()
                .withTableMetadata(load.tableMetadata())
                .addAllConfig(load.config())
                .addAllConfig(vend.get())
                .addAllCredentials(load.credentials())
                .build());
      }
      return response;
    }
  }

  /** Keeps what the servlet writes, so a filter can pass it on or drop it. */
  private static final class BufferedResponse extends HttpServletResponseWrapper {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final ServletOutputStream out =
        new ServletOutputStream() {
          @Override
          public void write(int b) {
            body.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            body.write(b, off, len);
          }

          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException();
          }
        };
    private PrintWriter writer;

    BufferedResponse(HttpServletResponse response) {
      super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() {
      return out;
    }

    @Override
    public PrintWriter getWriter() {
      if (writer == null) {
        writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
      }
      return writer;
    }

    @Override
    public void flushBuffer() {
      if (writer != null) {
        writer.flush();
      }
    }

    byte[] body() {
      flushBuffer();
      return body.toByteArray();
    }
  }
}
