package dev.floe.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.floe.buffer.PartitionBuffers;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.catalog.CatalogUnavailableException;
import dev.floe.catalog.Failures;
import dev.floe.config.AccessSettings;
import dev.floe.config.QuerySettings;
import dev.floe.http.Problem;
import dev.floe.http.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads events back: {@code GET /query} streams matching rows as JSON lines, {@code GET
 * /query/counts} answers counts per type and hour from manifests. Checks the caller and the
 * parameters, plans before answering (a refusal is a problem, not a cut answer), then streams.
 */
@Path("query")
@ApplicationScoped
public class QueryResource {
  static final String NDJSON = "application/x-ndjson";
  private static final JsonFactory JSON = new JsonFactory();

  @Inject CatalogStrategy catalog;
  @Inject PartitionBuffers buffers;
  @Inject AccessSettings access;
  @Inject QuerySettings bounds;
  @Context HttpServletRequest servlet;
  private volatile QueryService service;

  private QueryService service() {
    QueryService s = service;
    if (s == null) {
      s = new QueryService(catalog::table, buffers::buffered, bounds);
      service = s;
    }
    return s;
  }

  @GET
  @Produces({NDJSON, Problem.MEDIA_TYPE})
  public Response query(
      @Context HttpHeaders headers,
      @Context UriInfo uri,
      @QueryParam("type") String type,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("source") String source,
      @QueryParam("subject") String subject,
      @QueryParam("id") String id,
      @QueryParam("columns") String columns,
      @QueryParam("limit") String limit,
      @QueryParam("include_buffered") String includeBuffered) {
    QueryAccess.check(access, bounds, headers::getHeaderString, servlet.getRemoteAddr());
    requireTable();
    return answer(
        () -> {
          QueryService s = service();
          QueryRequest q =
              QueryRequest.parse(
                  s.table().schema(),
                  bounds,
                  type,
                  from,
                  to,
                  source,
                  subject,
                  id,
                  columns,
                  limit,
                  includeBuffered,
                  columnParameters(uri));
          QueryService.Prepared p = s.prepare(q);
          StreamingOutput body = p::write;
          return Response.ok(body, NDJSON)
              .header("Floe-Files-Planned", p.plan().filesPlanned())
              .header(
                  "Floe-Snapshot-Id",
                  p.plan().snapshotId() == null ? "none" : p.plan().snapshotId())
              .build();
        });
  }

  @GET
  @Path("counts")
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  public Response counts(
      @Context HttpHeaders headers,
      @QueryParam("group_by") String groupBy,
      @QueryParam("type") String type,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("include_buffered") String includeBuffered) {
    QueryAccess.check(access, bounds, headers::getHeaderString, servlet.getRemoteAddr());
    requireTable();
    return answer(
        () -> {
          EventCounts.GroupBy by = EventCounts.GroupBy.parse(groupBy);
          Instant f = QueryRequest.instant("from", from);
          Instant t = QueryRequest.instant("to", to);
          boolean buffered =
              includeBuffered == null || QueryRequest.bool("include_buffered", includeBuffered);
          EventCounts.Counted c = service().counts(QueryRequest.list(type), f, t, by, buffered);
          return Response.ok(countsJson(c), MediaType.APPLICATION_JSON).build();
        });
  }

  private static String countsJson(EventCounts.Counted c) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      if (c.snapshotId() == null) {
        g.writeNullField("snapshotId");
      } else {
        g.writeNumberField("snapshotId", c.snapshotId());
      }
      g.writeNumberField("filesCounted", c.files());
      long committed = 0;
      long buffered = 0;
      g.writeArrayFieldStart("groups");
      for (EventCounts.Group gr : c.groups()) {
        g.writeStartObject();
        if (gr.type() != null) {
          g.writeStringField("type", gr.type());
        }
        if (gr.start() != null) {
          g.writeStringField("start", gr.start().toString());
        }
        g.writeNumberField("committed", gr.committed());
        g.writeNumberField("buffered", gr.buffered());
        g.writeNumberField("events", gr.committed() + gr.buffered());
        g.writeEndObject();
        committed += gr.committed();
        buffered += gr.buffered();
      }
      g.writeEndArray();
      g.writeNumberField("committed", committed);
      g.writeNumberField("buffered", buffered);
      g.writeEndObject();
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** USE_ICEBERG=false writes plain objects: there is no table to query, now or later. */
  private void requireTable() {
    if (!catalog.hasTable()) {
      throw new ProblemException(
          new Problem(
              "https://floe.dev/problems/no-table",
              "No table to query",
              409,
              "USE_ICEBERG=false: Floe writes plain objects; read them where they are",
              null),
          -1);
    }
  }

  /** Turns the query side's refusals into problems. */
  private static Response answer(java.util.function.Supplier<Response> work) {
    try {
      return work.get();
    } catch (BadParameterException e) {
      throw new ProblemException(
          new Problem(
              "https://floe.dev/problems/bad-query-parameter",
              "Bad query parameter: " + e.parameter(),
              400,
              e.getMessage(),
              null),
          -1);
    } catch (QueryService.BusyException e) {
      throw unavailable(e.getMessage(), 5);
    } catch (CatalogUnavailableException e) {
      throw unavailable("the table cannot be read now: " + e.getMessage(), 10);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof ProblemException p) {
        throw p;
      }
      throw unavailable("the table cannot be read now: " + Failures.reason(e), 10);
    }
  }

  private static ProblemException unavailable(String detail, int retryAfter) {
    return new ProblemException(
        new Problem(
            "https://floe.dev/problems/unavailable", "Query unavailable", 503, detail, null),
        retryAfter);
  }

  /** The parameters that name promoted columns, each with its first value. */
  private static Map<String, String> columnParameters(UriInfo uri) {
    Map<String, String> found = new LinkedHashMap<>();
    uri.getQueryParameters()
        .forEach(
            (name, values) -> {
              if (ColumnFilters.isColumnParameter(name) && !values.isEmpty()) {
                found.put(name, values.get(0));
              }
            });
    return found;
  }
}
