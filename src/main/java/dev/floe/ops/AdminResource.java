package dev.floe.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.buffer.PartitionBuffers;
import dev.floe.buffer.PartitionStatus;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.Failures;
import dev.floe.config.FloeSettings;
import dev.floe.metrics.FloeStats;
import dev.floe.metrics.PrometheusText;
import jakarta.ejb.EJB;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status page at {@code /admin}: one HTML file that asks {@code /admin/stats} every two seconds
 * and draws the ingest rate, the partition buffers with fill bars, the latest flushes and the
 * catalog's health. No build step: plain HTML and JavaScript.
 */
@Path("admin")
@ApplicationScoped
public class AdminResource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PAGE = load();

  @Inject FloeSettings settings;
  @Inject FloeStats stats;
  @Inject CatalogStrategy catalog;
  @EJB PartitionBuffers buffers;

  private static String load() {
    try (InputStream in = AdminResource.class.getResourceAsStream("admin.html")) {
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
  public String stats() throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("now", Instant.now().toString());
    body.put("catalog", catalog.kind());
    body.put("table", settings.namespace() + "." + settings.tableName());
    body.put("ack", settings.wal().ack());
    String problem = null;
    try {
      catalog.check();
      problem = buffers.replayPending();
    } catch (IOException | RuntimeException e) {
      problem = Failures.reason(e);
    }
    body.put("ready", problem == null);
    body.put("reason", problem);
    body.put("ingest_rate", Math.round(buffers.ingestRate() * 10) / 10.0);
    body.put("events_accepted", stats.eventsAccepted.get());
    body.put("events_committed", stats.eventsCommitted.get());
    body.put("snapshots_committed", stats.snapshotsCommitted.get());
    body.put("received_bytes", stats.bytesReceived.get());
    body.put("written_bytes", stats.bytesWritten.get());
    body.put("rejected", stats.rejectedByReason());
    body.put("buffered_events", buffers.pendingEvents());
    body.put("buffer_budget_used_percent", Math.round(buffers.budgetUsed() * 100));
    body.put("max_buffer_size", settings.maxBufferSize());
    body.put("buffer_threshold", settings.bufferSize());
    List<Map<String, Object>> partitions =
        buffers.allPartitions().stream().map(AdminResource::partition).toList();
    body.put("partitions", partitions);
    body.put(
        "flushes",
        buffers.recentFlushes().stream()
            .map(
                f -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("at", Instant.ofEpochMilli(f.atMillis()).toString());
                  m.put("snapshot_id", f.report().snapshotId());
                  m.put("files", f.report().files().size());
                  m.put("rows", f.report().rows());
                  m.put("millis", f.millis());
                  return m;
                })
            .toList());
    return JSON.writeValueAsString(body);
  }

  private static Map<String, Object> partition(PartitionStatus p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", p.partitionKey());
    m.put("buffered", p.bufferedCount());
    m.put("in_flight", p.inFlightCount());
    m.put("oldest_age_ms", p.oldestEventAgeMs());
    return m;
  }
}
