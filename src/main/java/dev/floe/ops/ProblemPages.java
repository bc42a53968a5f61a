package dev.floe.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A short page for each problem {@code type} Floe answers with ({@code
 * https://floe.dev/problems/<slug>}), served at {@code /problems/<slug>}: what it means and what a
 * sender does about it. Public, like the problem answers themselves.
 */
@Path("problems")
@ApplicationScoped
public class ProblemPages {

  /** One problem type: its status, its title and what to do. */
  record Page(int status, String title, String text) {}

  static final Map<String, Page> PAGES = new LinkedHashMap<>();

  static {
    add(
        "invalid-event",
        400,
        "Invalid CloudEvent",
        "An event lacks a required attribute (specversion 1.0, id, source, type), has one of the"
            + " wrong kind or an invalid time, or its time is outside the accepted window. In a"
            + " batch, index names the event; nothing of the batch was kept (with ?partial=true or"
            + " Prefer: return=representation, only that event was refused; see results). Fix the"
            + " event and send it again.");
    add(
        "bad-request",
        400,
        "Bad request",
        "A query parameter has a value Floe does not know (partial takes true or false). Nothing"
            + " was kept.");
    add(
        "malformed-body",
        400,
        "Malformed request body",
        "The body is not the JSON (or gzip) its Content-Type and Content-Encoding say. Nothing was"
            + " kept.");
    add(
        "payload-too-large",
        413,
        "Request too large",
        "The body (after gzip) or the batch is past FLOE_MAX_EVENT_BYTES, FLOE_MAX_BATCH_BYTES or"
            + " FLOE_MAX_BATCH_EVENTS. Split it and send the parts.");
    add(
        "unsupported-media-type",
        415,
        "Unsupported media type",
        "Send application/cloudevents+json or application/json (structured), ce-* headers"
            + " (binary), or application/cloudevents-batch+json (batched), in UTF-8, plain or"
            + " gzip.");
    add(
        "request-timeout",
        408,
        "Request body too slow",
        "The body was still arriving after FLOE_BODY_TIMEOUT. Nothing was kept; send it again.");
    add(
        "server-busy",
        503,
        "Too many bodies being read",
        "Floe's allowance for bodies being read at once (FLOE_MAX_READING_MB) is spent. Retry"
            + " after the seconds in Retry-After.");
    add(
        "buffer-full",
        507,
        "Buffer full",
        "507: the partition (event type and hour) already holds ICEBERG_MAX_BUFFER_SIZE events;"
            + " 503: the memory budget of all buffers or the write-ahead log's disk is full. Nothing"
            + " of the request was kept: retry after the seconds in Retry-After, when a flush has"
            + " made room.");
    add(
        "too-many-open-partitions",
        503,
        "Too many open partitions",
        "Buffers already hold events for FLOE_MAX_OPEN_PARTITIONS partitions (event type and"
            + " hour), and the request would open one more. Partitions already open keep taking"
            + " events. Nothing of the request was kept: retry after the seconds in Retry-After,"
            + " when flushes have closed partitions; send events spread over fewer hours.");
    add(
        "too-many-event-types",
        503,
        "Too many event types",
        "Buffers already hold events of FLOE_MAX_EVENT_TYPES distinct types, and the request"
            + " brings one more. Types already open keep taking events. Nothing of the request was"
            + " kept: retry after the seconds in Retry-After, when flushes have closed buffers.");
    add(
        "unrouted-event-type",
        400,
        "Unrouted event type",
        "FLOE_ROUTES sends event types to tables by pattern and has no catch-all ('*'), and this"
            + " event's type matches none of its patterns. Nothing of the request was kept: send"
            + " the event with a routed type, or ask the operator to add a route for it.");
    add(
        "not-committed",
        503,
        "Not committed yet",
        "With FLOE_ACK=commit the answer waits until the request's events are in a committed"
            + " snapshot. They were not within FLOE_ACK_TIMEOUT_MS, or Floe stopped first. They"
            + " were accepted and may still land: retry after the seconds in Retry-After with the"
            + " same source and id; with FLOE_DEDUP_WINDOW set the retry is not stored twice.");
    add(
        "unauthorized",
        401,
        "Unauthorized",
        "Ingest needs a key of FLOE_INGEST_TOKENS as Authorization: Bearer; the admin side needs"
            + " FLOE_ADMIN_TOKEN.");
    add(
        "forbidden",
        403,
        "Forbidden",
        "The key may not send this event type or from this origin, the page's origin is not in"
            + " FLOE_CORS_ORIGINS, the webhook sender is not in FLOE_WEBHOOK_ORIGINS, or an admin"
            + " call came from another site.");
    add(
        "too-many-requests",
        429,
        "Too many requests",
        "Past FLOE_RATE_EVENTS_PER_SECOND or FLOE_RATE_REQUESTS_PER_SECOND for this key or"
            + " address, or past FLOE_ADMIN_CALLS_PER_MINUTE. Retry after the seconds in"
            + " Retry-After.");
  }

  private static void add(String slug, int status, String title, String text) {
    PAGES.put(slug, new Page(status, title, text));
  }

  @GET
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public String index() {
    StringBuilder list = new StringBuilder("<ul>");
    PAGES.forEach(
        (slug, p) ->
            list.append("<li><a href=\"problems/")
                .append(slug)
                .append("\">")
                .append(slug)
                .append("</a>: ")
                .append(p.status())
                .append(' ')
                .append(p.title())
                .append("</li>"));
    return html("Floe problem types", list.append("</ul>").toString());
  }

  @GET
  @Path("{slug}")
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public String page(@PathParam("slug") String slug) {
    Page p = PAGES.get(slug);
    if (p == null) {
      throw new NotFoundException();
    }
    return html(
        p.title(),
        "<p>HTTP "
            + p.status()
            + ", type <code>https://floe.dev/problems/"
            + slug
            + "</code></p><p>"
            + p.text()
            + "</p>");
  }

  private static String html(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + title
        + "</title></head><body style=\"font-family:sans-serif;max-width:40em\"><h1>"
        + title
        + "</h1>"
        + body
        + "</body></html>";
  }
}
