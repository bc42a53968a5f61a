package dev.floe.ops;

import dev.floe.catalog.Failures;
import dev.floe.deadletter.DeadLetterCounts;
import dev.floe.deadletter.DeadLetters;
import dev.floe.deadletter.ReplayBusyException;
import dev.floe.deadletter.ReplayFilter;
import dev.floe.deadletter.ReplayReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dead-letter table by hand: {@code GET /admin/dead-letter} counts dead letters per reason and
 * intended table; {@code POST /admin/dead-letter/replay} sends the matching ones through routing
 * again, exactly once, and answers how many landed in which table. Both take {@code table}, {@code
 * reason}, and {@code from}/{@code to} (RFC 3339, on {@code received_at}).
 */
@Path("admin/dead-letter")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {
  private static final long MAX_COUNTED = 1_000_000;

  @Inject DeadLetters deadLetters;

  @GET
  public String counts(
      @QueryParam("table") String table,
      @QueryParam("reason") String reason,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    ReplayFilter filter = filter(table, reason, from, to);
    DeadLetterCounts c;
    try {
      c = deadLetters.counts(filter, MAX_COUNTED);
    } catch (RuntimeException e) {
      throw unavailable(e);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", deadLetters.settings().qualifiedName());
    m.put("total", c.total());
    m.put("truncated", c.truncated());
    m.put("by_reason", c.byReasonAndTable());
    return OpsJson.write(m);
  }

  @POST
  @Path("replay")
  public String replay(
      @QueryParam("table") String table,
      @QueryParam("reason") String reason,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    ReplayFilter filter = filter(table, reason, from, to);
    ReplayReport r;
    try {
      r = deadLetters.replayer().replay(filter);
    } catch (ReplayBusyException e) {
      throw new ClientErrorException(
          e.getMessage(),
          Response.status(Response.Status.CONFLICT)
              .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
              .build());
    } catch (RuntimeException e) {
      throw unavailable(e);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("replay_id", r.replayId());
    m.put("replayed", r.total());
    m.put("by_table", r.replayed());
    m.put("kept", r.kept());
    m.put("recovered", r.recovered());
    m.put("more", r.more());
    return OpsJson.write(m);
  }

  private ReplayFilter filter(String table, String reason, String from, String to) {
    if (!deadLetters.enabled()) {
      throw new ClientErrorException(
          "the dead-letter table is off (FLOE_DEAD_LETTER=false, or USE_ICEBERG=false)",
          Response.Status.CONFLICT);
    }
    Instant f = instant("from", from);
    Instant t = instant("to", to);
    if (f != null && t != null && !f.isBefore(t)) {
      throw new BadRequestException("from must be before to");
    }
    return new ReplayFilter(blankToNull(table), blankToNull(reason), f, t);
  }

  private static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadRequestException(
          name + " must be an RFC 3339 time such as 2024-01-15T14:00:00Z, not '" + value + "'");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static ServiceUnavailableException unavailable(RuntimeException e) {
    return new ServiceUnavailableException(
        "the dead-letter table cannot be read or written now: " + Failures.reason(e), 30L);
  }
}
