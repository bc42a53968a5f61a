package dev.floe.ingest;

import dev.floe.buffer.BufferRefusedException;
import dev.floe.buffer.Intake;
import dev.floe.buffer.PartitionBuffers;
import dev.floe.cloudevents.BatchReader;
import dev.floe.cloudevents.BinaryReader;
import dev.floe.cloudevents.Body;
import dev.floe.cloudevents.BodyReader;
import dev.floe.cloudevents.ContentType;
import dev.floe.cloudevents.EventFormatException;
import dev.floe.cloudevents.ReadAllowance;
import dev.floe.cloudevents.StructuredReader;
import dev.floe.cloudevents.Text;
import dev.floe.config.AccessSettings;
import dev.floe.config.AccessSettings.IngestKey;
import dev.floe.config.FloeSettings;
import dev.floe.config.IngestLimits;
import dev.floe.event.EventRecord;
import dev.floe.event.RequestFacts;
import dev.floe.http.ClientOrigin;
import dev.floe.http.IngestAuthFilter;
import dev.floe.http.ProblemException;
import dev.floe.http.RateLimits;
import dev.floe.metrics.FloeStats;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /events} and {@code POST /events/batch}: reads CloudEvents, validates them, hands
 * them to the partition buffers and answers 202. Never touches storage. Accepts any media type at
 * the JAX-RS level and decides itself, so a wrong one is a problem+json 415.
 */
@Path("events")
@ApplicationScoped
public class EventsResource {

  @Inject FloeSettings settings;
  @Inject AccessSettings access;
  @Inject IngestLimits limits;
  @Inject RateLimits rates;
  @Inject ClientOrigin origin;
  private ReadAllowance reading;
  @Inject PartitionBuffers buffers;
  @Inject FloeStats stats;
  @Resource ManagedExecutorService executor;
  private Intake intake;
  private PromotedAttributes promoted;
  private CommitAck commitAck; // null unless FLOE_ACK=commit

  @PostConstruct
  void start() {
    intake = buffers.intake(); // then each request calls it directly, not through the EJB
    reading = new ReadAllowance(limits.maxReadingBytes());
    promoted = new PromotedAttributes(settings.table().columns());
    if (settings.wal().ackAfterCommit()) {
      commitAck = new CommitAck(settings.wal().ackTimeoutMs(), executor);
    }
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  public Object single(InputStream body, @Context HttpServletRequest request)
      throws BufferRefusedException {
    Instant receivedAt = Instant.now();
    String contentTypeHeader = request.getContentType();
    ContentType type = ContentType.parse(contentTypeHeader);
    if (type != null && type.is("application", "cloudevents-batch+json")) {
      return batch(type, true, body, request, receivedAt); // the HTTP binding's batched mode
    }
    boolean binary = isBinary(type, request, access.corsEnabled());
    String client = limitRequest(request);
    Body bytes = read(body, request, settings.limits().maxEventBytes());
    List<EventRecord> events;
    long position;
    try {
      RequestFacts facts =
          new RequestFacts(CloudflareHeaders.from(request, origin.trusted(request)), receivedAt);
      EventRecord event =
          binary
              ? BinaryReader.read(ceHeaders(request), contentTypeHeader, type, bytes, facts)
              : StructuredReader.single(bytes, facts);
      events = List.of(event);
      admit(client, events, receivedAt);
      position = intake.accept(SenderKeys.apply(senderKey(request), events));
      stats.byType.accepted(event.type());
    } finally {
      reading.give(bytes.bytes().length);
    }
    stats.eventsAccepted.inc(1);
    stats.bytesReceived.inc(bytes.length());
    return answer(position, events, 1);
  }

  @POST
  @Path("batch")
  @Consumes(MediaType.WILDCARD)
  public Object batch(InputStream body, @Context HttpServletRequest request)
      throws BufferRefusedException {
    Instant receivedAt = Instant.now();
    ContentType type = ContentType.parse(request.getContentType());
    boolean arrayOnly;
    if (type != null && type.is("application", "cloudevents-batch+json")) {
      arrayOnly = true;
    } else if (type != null
        && (type.is("application", "json") || (access.corsEnabled() && type.is("text", "plain")))) {
      arrayOnly = false; // text/plain is what navigator.sendBeacon sends a string as
    } else {
      throw EventFormatException.unsupportedMediaType(
          "a batch must be sent as application/json ({\"events\":[...]}) or"
              + " application/cloudevents-batch+json (a JSON array)"
              + received(type));
    }
    return batch(type, arrayOnly, body, request, receivedAt);
  }

  private Object batch(
      ContentType type,
      boolean arrayOnly,
      InputStream body,
      HttpServletRequest request,
      Instant receivedAt)
      throws BufferRefusedException {
    requireUtf8(type);
    String client = limitRequest(request);
    Body bytes = read(body, request, settings.limits().maxBatchBytes());
    List<EventRecord> events;
    long position;
    try {
      RequestFacts facts =
          new RequestFacts(CloudflareHeaders.from(request, origin.trusted(request)), receivedAt);
      events = BatchReader.read(bytes, arrayOnly, settings.limits().maxBatchEvents(), facts);
      admit(client, events, receivedAt);
      position = intake.accept(SenderKeys.apply(senderKey(request), events));
    } finally {
      reading.give(bytes.bytes().length);
    }
    stats.eventsAccepted.inc(events.size());
    stats.byType.accepted(events, EventRecord::type);
    stats.bytesReceived.inc(bytes.length());
    return answer(position, events, events.size());
  }

  /**
   * Structured for the CloudEvents JSON format; binary whenever {@code ce-specversion} is present
   * (the HTTP binding's rule: then Content-Type, JSON or not, describes the data); structured for
   * plain JSON without it, as the seed's clients send, and for text/plain without it when browsers
   * may send (what {@code navigator.sendBeacon} sends a string as).
   */
  private static boolean isBinary(ContentType type, HttpServletRequest request, boolean cors) {
    if (type != null && type.type().equals("application")) {
      String subtype = type.subtype();
      if (subtype.equals("cloudevents+json")) {
        requireUtf8(type);
        return false;
      }
      if (subtype.startsWith("cloudevents")) {
        throw EventFormatException.unsupportedMediaType(
            "only the JSON event format (application/cloudevents+json or"
                + " application/cloudevents-batch+json) is supported");
      }
    }
    if (request.getHeader("ce-specversion") != null) {
      return true;
    }
    if (type != null && (type.is("application", "json") || (cors && type.is("text", "plain")))) {
      requireUtf8(type);
      return false;
    }
    throw EventFormatException.unsupportedMediaType(
        "send application/cloudevents+json or application/json (structured mode),"
            + " or ce-* headers with any Content-Type (binary mode)"
            + received(type));
  }

  private static void requireUtf8(ContentType type) {
    if (!type.isUtf8()) {
      throw EventFormatException.unsupportedMediaType(
          "JSON must be UTF-8, not charset " + Text.clip(type.charset(), 40));
    }
  }

  private static String received(ContentType type) {
    return type == null ? "; the request has no Content-Type" : "; got " + type.essence();
  }

  private Body read(InputStream body, HttpServletRequest request, int limit) {
    return BodyReader.read(
        body,
        request.getHeader("Content-Encoding"),
        request.getContentLengthLong(),
        limit,
        reading,
        limits.bodyTimeoutMillis());
  }

  /** The client the rate limits count for; refuses with 429 a request over its rate. */
  private String limitRequest(HttpServletRequest request) {
    if (!rates.enabled()) {
      return null;
    }
    IngestKey key = senderKey(request);
    String client = key != null ? "key " + key.name() : "address " + origin.client(request);
    int wait = rates.request(client);
    if (wait > 0) {
      throw ProblemException.tooManyRequests(
          "more than " + limits.requestsPerSecond() + " requests a second from this client", wait);
    }
    return client;
  }

  /** Refuses events outside the time window, and events over the client's rate. */
  private void admit(String client, List<EventRecord> events, Instant now) {
    EventLimits.check(events, limits, now);
    promoted.check(events);
    if (client != null) {
      int wait = rates.events(client, events.size());
      if (wait > 0) {
        throw ProblemException.tooManyRequests(
            "more than " + limits.eventsPerSecond() + " events a second from this client", wait);
      }
    }
  }

  /** The {@code ce-*} headers by lower-case attribute name; 400 when one is repeated. */
  private static Map<String, String> ceHeaders(HttpServletRequest request) {
    Map<String, String> attributes = new HashMap<>();
    Enumeration<String> names = request.getHeaderNames();
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      if (name.length() <= 3 || !name.regionMatches(true, 0, BinaryReader.HEADER_PREFIX, 0, 3)) {
        continue;
      }
      String attribute = name.substring(3).toLowerCase(Locale.ROOT);
      Enumeration<String> values = request.getHeaders(name);
      String value = values.nextElement();
      if (values.hasMoreElements() || attributes.put(attribute, value) != null) {
        throw EventFormatException.invalidEvent(
            "header ce-" + Text.clip(attribute, 40) + " is repeated");
      }
    }
    return attributes;
  }

  /**
   * The 202 now, or under {@code FLOE_ACK=commit} a stage that becomes it once the events are
   * committed (Jersey suspends a request whose answer is a {@link
   * java.util.concurrent.CompletionStage}, freeing its thread).
   */
  private Object answer(long position, List<EventRecord> events, int count) {
    if (commitAck == null) {
      return accepted(count);
    }
    return commitAck.answer(buffers.committed(position, events), accepted(count));
  }

  private static Response accepted(int count) {
    return Response.accepted("{\"accepted\":" + count + "}")
        .type(MediaType.APPLICATION_JSON_TYPE)
        .build();
  }

  /** The ingest key that authenticated the request, or null when ingest is open. */
  private static IngestKey senderKey(HttpServletRequest request) {
    return (IngestKey) request.getAttribute(IngestAuthFilter.KEY);
  }
}
