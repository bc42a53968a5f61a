package dev.floe.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.floe.buffer.FlushFailedException;
import dev.floe.buffer.FlushReport;
import dev.floe.buffer.PartitionBuffers;
import dev.floe.buffer.PartitionStatus;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.Failures;
import dev.floe.catalog.StoredObject;
import dev.floe.config.FloeSettings;
import dev.floe.event.PartitionKey;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The seed's debug and admin endpoints: buffer status, manual flush, a listing of the table's
 * objects, and the catalog's list-tables and (guarded) drop-table.
 */
@Path("debug")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class DebugResource {
  private static final Logger LOG = Logger.getLogger(DebugResource.class.getName());
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final int MAX_LIST = 1000;

  @EJB PartitionBuffers buffers;
  @Inject CatalogStrategy catalog;
  @Inject FloeSettings settings;

  @GET
  @Path("status/{type: .+}")
  public String status(@PathParam("type") String type) throws IOException {
    List<PartitionStatus> partitions = buffers.status(type);
    String current = PartitionKey.of(type, Instant.now()).toString();
    PartitionStatus now =
        partitions.stream()
            .filter(p -> p.partitionKey().equals(current))
            .findFirst()
            .orElse(new PartitionStatus(current, 0, 0, 0));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("partition_key", now.partitionKey());
    body.put("buffered_count", now.bufferedCount());
    body.put("max_buffer_size", settings.maxBufferSize());
    body.put("buffer_threshold", settings.bufferSize());
    body.put("table_location", settings.tableLocation());
    body.put("oldest_event_age_ms", now.oldestEventAgeMs());
    body.put("in_flight_count", now.inFlightCount());
    body.put(
        "partitions",
        partitions.stream()
            .map(
                p ->
                    Map.of(
                        "partition_key", p.partitionKey(),
                        "buffered_count", p.bufferedCount(),
                        "in_flight_count", p.inFlightCount(),
                        "oldest_event_age_ms", p.oldestEventAgeMs()))
            .toList());
    return JSON.writeValueAsString(body);
  }

  @POST
  @Path("flush/{type: .+}")
  public String flush(@PathParam("type") String type) throws IOException {
    return report(type, () -> buffers.flushType(type));
  }

  /** Flushes every buffer, of every type, as one commit. */
  @POST
  @Path("flush")
  public String flushAll() throws IOException {
    return report(null, buffers::flushAll);
  }

  private String report(String type, java.util.function.Supplier<FlushReport> flush)
      throws IOException {
    FlushReport report;
    try {
      report = flush.get();
    } catch (FlushFailedException e) {
      LOG.warning("Manual flush failed: " + e.getMessage());
      throw new ServiceUnavailableException(
          "The flush failed and its events stay buffered: " + e.getMessage(), 5L);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("snapshot_id", report.snapshotId());
    body.put("files_written", report.files().size());
    body.put("rows", report.rows());
    body.put("files", report.files());
    body.put("partitions", report.partitions());
    return JSON.writeValueAsString(body);
  }

  @GET
  @Path("list-r2")
  public String list(@QueryParam("limit") String limitParam, @QueryParam("after") String after)
      throws IOException {
    int limit = parseLimit(limitParam);
    List<StoredObject> page;
    try {
      page = catalog.list(after == null || after.isEmpty() ? null : after, limit + 1);
    } catch (IOException e) {
      throw new ServiceUnavailableException(
          "Cannot list the table location: " + Failures.reason(e), 5L);
    }
    boolean truncated = page.size() > limit;
    List<StoredObject> shown = truncated ? page.subList(0, limit) : page;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("table_location", settings.tableLocation());
    body.put(
        "objects",
        shown.stream()
            .map(
                o -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("key", o.key());
                  m.put("size", o.size());
                  m.put(
                      "last_modified",
                      o.lastModified() == null ? null : o.lastModified().toString());
                  return m;
                })
            .toList());
    body.put("truncated", truncated);
    body.put("next_after", truncated ? shown.get(shown.size() - 1).key() : null);
    return JSON.writeValueAsString(body);
  }

  /** The seed's "list tables": the tables of Floe's namespace. */
  @GET
  @Path("tables")
  public String tables() throws IOException {
    List<String> names;
    try {
      names = catalog.listTables();
    } catch (IOException e) {
      throw new ServiceUnavailableException("Cannot list tables: " + Failures.reason(e), 5L);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("namespace", settings.namespace());
    body.put("tables", names);
    return JSON.writeValueAsString(body);
  }

  /**
   * The seed's "drop table", guarded twice: off unless {@code FLOE_ADMIN_DROP_ENABLED=true}, and
   * the {@code confirm} parameter must repeat the table's name. With {@code purge=true} the catalog
   * deletes the table's files too.
   */
  @DELETE
  @Path("tables/{name}")
  public String drop(
      @PathParam("name") String name,
      @QueryParam("confirm") String confirm,
      @QueryParam("purge") boolean purge)
      throws IOException {
    if (!settings.adminDropEnabled()) {
      throw new ForbiddenException(
          "Dropping tables is disabled; set FLOE_ADMIN_DROP_ENABLED=true to allow it");
    }
    if (!name.equals(confirm)) {
      throw new BadRequestException(
          "To drop a table, repeat its name in the confirm parameter: ?confirm=" + name);
    }
    boolean dropped;
    try {
      dropped = catalog.dropTable(name, purge);
    } catch (UnsupportedOperationException e) {
      throw new ClientErrorException(e.getMessage(), Response.Status.CONFLICT);
    } catch (IOException e) {
      throw new ServiceUnavailableException("Cannot drop the table: " + Failures.reason(e), 5L);
    }
    if (!dropped) {
      throw new NotFoundException("No table " + settings.namespace() + "." + name);
    }
    LOG.warning(
        "Dropped table " + settings.namespace() + "." + name + (purge ? " and its files" : ""));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dropped", settings.namespace() + "." + name);
    body.put("purged", purge);
    return JSON.writeValueAsString(body);
  }

  private static int parseLimit(String s) {
    if (s == null || s.isEmpty()) {
      return MAX_LIST;
    }
    try {
      int n = Integer.parseInt(s);
      if (n >= 1 && n <= MAX_LIST) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the same answer as out of range
    }
    throw new BadRequestException("limit must be an integer from 1 to " + MAX_LIST);
  }
}
