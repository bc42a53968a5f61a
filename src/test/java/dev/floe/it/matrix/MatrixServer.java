package dev.floe.it.matrix;

import dev.floe.it.fixtures.Http;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One server of the server matrix ({@link ServerMatrix}), driven the way its users drive it: Payara
 * Micro as a process of its own ({@link MicroMatrixServer}), Payara Server and WildFly through
 * their deploy scripts ({@link ScriptMatrixServer}).
 */
interface MatrixServer extends AutoCloseable {
  /** The HTTP port every server of the matrix gets (one server runs at a time). */
  int HTTP_PORT = 38080;

  /** Payara Server's admin port and WildFly's management port. */
  int PAYARA_ADMIN_PORT = 34848;

  int WILDFLY_ADMIN_PORT = 39990;

  String name();

  /** What is deployed, for the report: the EAR, or the WAR where the server takes no EAR. */
  String artifact();

  /** The warehouse folder the server's Floe writes its table to (FLOE_WAREHOUSE). */
  Path warehouse();

  /**
   * Starts the server with Floe deployed and returns the time from launch until Floe is ready.
   * Anything needed only once (download, configuration) is done before the clock starts.
   */
  Duration start();

  /** The server JVM's process id. */
  long pid();

  /** Floe's own URLs: the API, /debug, /admin. */
  Http app();

  /** Where MicroProfile Health answers: the HTTP port, or WildFly's management port. */
  Http health();

  /** Whether the server has MicroProfile Metrics, so /metrics?scope=application holds Floe's. */
  boolean hasMicroProfileMetrics();

  /** Whether Floe can be undeployed leaving the server running; else {@link #deploy} redeploys. */
  boolean canUndeploy();

  /** Undeploys Floe; the server keeps running. */
  void undeploy();

  /** Deploys Floe again (undeploying it first where {@link #canUndeploy} is false), until ready. */
  Duration deploy();

  /** Stops the server gracefully. */
  void stop();

  /** Where the server's own log is, for failure messages. */
  Path log();

  @Override
  void close();
}
