package dev.floe.ops;

import dev.floe.buffer.FlushFailedException;
import dev.floe.buffer.FlushReport;
import dev.floe.buffer.PartitionBuffers;
import dev.floe.buffer.PartitionStatus;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.CatalogUnavailableException;
import dev.floe.catalog.Failures;
import dev.floe.catalog.StoredObject;
import dev.floe.config.FloeSettings;
import dev.floe.config.RoutedTable;
import dev.floe.config.Routes;
import dev.floe.event.PartitionKey;
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
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
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
  private static final int MAX_LIST = 1000;

  @Inject PartitionBuffers buffers;
  @Inject CatalogStrategy catalog;
  @Inject FloeSettings settings;

  @GET
  @Path("status/{type: .+}")
  public String status(@PathParam("type") String type) {
    List<PartitionStatus> partitions = buffers.status(type);
    String current = PartitionKey.of(type, Instant.now()).toString();
    Routes routes = settings.routes();
    RoutedTable table = routes.match(type); // null: no route takes the type (any more)
    RoutedTable shown = table == null ? routes.configured() : table;
    PartitionStatus now =
        partitions.stream()
            .filter(p -> p.partitionKey().equals(current))
            .filter(p -> table == null || p.table().equals(table.name()))
            .findFirst()
            .orElse(new PartitionStatus(current, 0, 0, 0, shown.name()));
    boolean routed = routes.explicit();
    return OpsJson.write(
        new DebugAnswers.Status(
            now.partitionKey(),
            now.bufferedCount(),
            shown.maxSize(),
            shown.size(),
            shown.table().location(),
            now.oldestEventAgeMs(),
            now.inFlightCount(),
            partitions.stream().map(p -> PartitionView.of(p, routed)).toList(),
            routed ? shown.name() : null));
  }

  @POST
  @Path("flush/{type: .+}")
  public String flush(@PathParam("type") String type) {
    return report(type, () -> buffers.flushType(type));
  }

  /** Flushes every buffer, of every type, as one commit. */
  @POST
  @Path("flush")
  public String flushAll() {
    return report(null, buffers::flushAll);
  }

  private String report(String type, Supplier<FlushReport> flush) {
    FlushReport report;
    try {
      report = flush.get();
    } catch (FlushFailedException e) {
      LOG.warning("Manual flush failed: " + e.getMessage());
      throw new ServiceUnavailableException(
          "The flush failed and its events stay buffered: " + e.getMessage(), 5L);
    }
    return OpsJson.write(
        new DebugAnswers.Flush(
            type,
            report.snapshotId(),
            report.files().size(),
            report.rows(),
            report.files(),
            report.partitions()));
  }

  @GET
  @Path("list-r2")
  public String list(@QueryParam("limit") String limitParam, @QueryParam("after") String after) {
    int limit = parseLimit(limitParam);
    List<StoredObject> page;
    try {
      page = catalog.list(after == null || after.isEmpty() ? null : after, limit + 1);
    } catch (CatalogUnavailableException e) {
      throw new ServiceUnavailableException(
          "Cannot list the table location: " + Failures.reason(e), 5L);
    }
    boolean truncated = page.size() > limit;
    List<StoredObject> shown = truncated ? page.subList(0, limit) : page;
    return OpsJson.write(
        new DebugAnswers.Listing(
            settings.table().location(),
            shown.stream()
                .map(
                    o ->
                        new DebugAnswers.StoredObjectView(
                            o.key(),
                            o.size(),
                            o.lastModified() == null ? null : o.lastModified().toString()))
                .toList(),
            truncated,
            truncated ? shown.get(shown.size() - 1).key() : null));
  }

  /** The seed's "list tables": the tables of Floe's namespace. */
  @GET
  @Path("tables")
  public String tables() {
    List<String> names;
    try {
      names = catalog.listTables();
    } catch (CatalogUnavailableException e) {
      throw new ServiceUnavailableException("Cannot list tables: " + Failures.reason(e), 5L);
    }
    return OpsJson.write(new DebugAnswers.Tables(settings.table().namespace(), names));
  }

  /**
   * The seed's "drop table", guarded twice: off unless {@code FLOE_ADMIN_DROP_ENABLED=true}, and
   * the {@code confirm} parameter must repeat the table's name. With {@code purge=true} the catalog
   * deletes the table's files too. The direct catalog cannot drop tables: 409.
   */
  @DELETE
  @Path("tables/{name}")
  public String drop(
      @PathParam("name") String name,
      @QueryParam("confirm") String confirm,
      @QueryParam("purge") boolean purge) {
    if (!settings.catalog().dropEnabled()) {
      throw new ForbiddenException(
          "Dropping tables is disabled; set FLOE_ADMIN_DROP_ENABLED=true to allow it");
    }
    if (!name.equals(confirm)) {
      throw new BadRequestException(
          "To drop a table, repeat its name in the confirm parameter: ?confirm=" + name);
    }
    if (!catalog.canDropTables()) {
      throw new ClientErrorException(
          "dropping a table needs a REST catalog; with the direct catalog delete the table's"
              + " folder",
          Response.Status.CONFLICT);
    }
    boolean dropped;
    try {
      dropped = catalog.dropTable(name, purge);
    } catch (CatalogUnavailableException e) {
      throw new ServiceUnavailableException("Cannot drop the table: " + Failures.reason(e), 5L);
    }
    if (!dropped) {
      throw new NotFoundException("No table " + settings.table().namespace() + "." + name);
    }
    LOG.warning(
        "Dropped table "
            + settings.table().namespace()
            + "."
            + name
            + (purge ? " and its files" : ""));
    return OpsJson.write(
        new DebugAnswers.Dropped(settings.table().namespace() + "." + name, purge));
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
