package dev.floe.ops;

import dev.floe.buffer.PartitionBuffers;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.Reachability;
import dev.floe.config.FloeSettings;
import dev.floe.config.Version;
import dev.floe.metrics.FloeStats;
import dev.floe.metrics.PrometheusText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The status page at {@code /admin}: one HTML file that asks {@code /admin/stats} every two seconds
 * and draws the ingest rate, the partition buffers with fill bars, the latest flushes and the
 * catalog's health. No build step: plain HTML and JavaScript.
 */
@Path("admin")
@ApplicationScoped
public class AdminResource {
  private static final String PAGE = load("admin.html");
  private static final String API_PAGE = load("openapi.html");

  @Inject FloeSettings settings;
  @Inject FloeStats stats;
  @Inject CatalogStrategy catalog;
  @Inject PartitionBuffers buffers;
  @Inject StorageWatch watch;

  private static String load(String name) {
    try (InputStream in = AdminResource.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GET
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public String page() {
    return PAGE;
  }

  /**
   * The server's OpenAPI document ({@code /openapi}) as a page to browse, drawn by Floe's script.
   */
  @GET
  @Path("openapi")
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public String apiPage() {
    return API_PAGE;
  }

  /** Floe's figures as Prometheus text, served by Floe itself: the same on every server. */
  @GET
  @Path("metrics")
  @Produces(PrometheusText.MEDIA_TYPE)
  public String metrics() {
    return PrometheusText.of(stats);
  }

  @GET
  @Path("stats")
  @Produces(MediaType.APPLICATION_JSON)
  public String stats() {
    String problem = IntakeState.of(buffers, stats).refusal(); // kept state: no storage request
    return OpsJson.write(
        new AdminStats(
            Version.value(),
            Instant.now().toString(),
            catalog.kind(),
            settings.table().qualifiedName(),
            settings.wal().ack(),
            problem == null,
            problem,
            said(watch.storage()),
            said(watch.catalog()),
            Math.round(buffers.ingestRate() * 10) / 10.0,
            stats.eventsAccepted.get(),
            stats.eventsCommitted.get(),
            catalog.hasTable() ? stats.snapshotsCommitted.get() : null,
            stats.bytesReceived.get(),
            stats.bytesWritten.get(),
            stats.rejectedByReason(),
            stats.deadLettered.values(),
            buffers.pendingEvents(),
            Math.round(buffers.budgetUsed() * 100),
            settings.buffers().maxSize(),
            settings.buffers().size(),
            buffers.allPartitions().stream()
                .map(p -> PartitionView.of(p, settings.routes().explicit()))
                .toList(),
            buffers.recentFlushes().stream()
                .map(
                    f ->
                        new AdminStats.Flush(
                            Instant.ofEpochMilli(f.atMillis()).toString(),
                            f.report().snapshotId(),
                            f.report().files().size(),
                            f.report().rows(),
                            f.millis()))
                .toList()));
  }

  /** "UP", or "DOWN: reason" / "UNKNOWN: not checked yet", as the background check last saw it. */
  private static String said(Reachability.Link link) {
    return link.state() == Reachability.State.UP
        ? "UP"
        : link.state().name() + ": " + link.reason();
  }
}
