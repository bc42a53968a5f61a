package dev.floe.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.Failures;
import dev.floe.maintenance.Maintenance;
import dev.floe.maintenance.MaintenanceReport;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Table maintenance by hand: {@code POST /admin/maintenance} runs a pass now (compaction, snapshot
 * expiry, orphan cleanup) and answers what it did; {@code GET} shows the last pass, for the status
 * page.
 */
@Path("admin/maintenance")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  @EJB Maintenance maintenance;

  @POST
  public String run() throws IOException {
    if (!maintenance.enabled()) {
      throw new ClientErrorException(
          "maintenance is off (FLOE_MAINTENANCE=false, or USE_ICEBERG=false): the catalog or"
              + " another tool maintains the table, or there is none",
          Response.Status.CONFLICT);
    }
    try {
      return JSON.writeValueAsString(body(maintenance.runNow()));
    } catch (ExecutionException | TimeoutException e) {
      throw new ServiceUnavailableException(
          "the maintenance pass did not complete: " + Failures.reason(e), 30L);
    }
  }

  @GET
  public String last() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", maintenance.enabled());
    MaintenanceReport r = maintenance.last();
    m.put("last", r == null ? null : body(r));
    m.put("failure", maintenance.lastFailure());
    return JSON.writeValueAsString(m);
  }

  private static Map<String, Object> body(MaintenanceReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("started_at", r.startedAt());
    m.put("duration_ms", r.durationMs());
    m.put("partitions_compacted", r.partitionsCompacted());
    m.put("files_rewritten", r.filesRewritten());
    m.put("bytes_rewritten", r.bytesRewritten());
    m.put("files_written", r.filesWritten());
    m.put("snapshots_expired", r.snapshotsExpired());
    m.put("files_deleted", r.filesDeleted());
    m.put("expired_files_deleted", r.expiredFilesDeleted());
    m.put("orphan_files_deleted", r.orphanFilesDeleted());
    m.put("table_data_files", r.dataFiles());
    m.put("table_snapshots", r.snapshots());
    m.put("notes", r.notes());
    return m;
  }
}
