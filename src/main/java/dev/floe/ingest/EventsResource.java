package dev.floe.ingest;

import dev.floe.buffer.BufferRefusedException;
import dev.floe.buffer.Intake;
import dev.floe.buffer.PartitionBuffers;
import dev.floe.cloudevents.BatchOutcome;
import dev.floe.cloudevents.BatchReader;
import dev.floe.cloudevents.BinaryReader;
import dev.floe.cloudevents.Body;
import dev.floe.cloudevents.BodyReader;
import dev.floe.cloudevents.ContentType;
import dev.floe.cloudevents.EventFormatException;
import dev.floe.cloudevents.ReadAllowance;
import dev.floe.cloudevents.StructuredReader;
import dev.floe.config.AccessSettings;
import dev.floe.config.AccessSettings.IngestKey;
import dev.floe.config.FloeSettings;
import dev.floe.config.IngestLimits;
import dev.floe.deadletter.DeadLetters;
import dev.floe.event.EventRecord;
import dev.floe.event.RequestFacts;
import dev.floe.http.BatchResults;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

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
  @Inject DeadLetters deadLetters;
  @Resource ManagedExecutorService executor;
  private Intake intake;
  private PromotedAttributes promoted;
  private KeptEvents kept; // what a per-index batch hands on, dead letters included
  private CommitAck commitAck; // null unless FLOE_ACK=commit

  @PostConstruct
  void start() {
    intake = buffers.intake(); // then each request calls it directly, not through the EJB
    reading = new ReadAllowance(limits.maxReadingBytes());
    promoted = new PromotedAttributes(settings.routes());
    String table = settings.routes().configured().name();
    kept = new KeptEvents(deadLetters::keeping, promoted, settings.routes()::tableOf, table);
    if (settings.wal().ackAfterCommit()) {
      commitAck = new CommitAck(settings.wal().ackTimeoutMs(), executor);
    }
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  public Object single(
      InputStream body, @QueryParam("partial") String partial, @Context HttpServletRequest request)
      throws BufferRefusedException {
    Instant receivedAt = Instant.now();
    String contentTypeHeader = request.getContentType();
    ContentType type = ContentType.parse(contentTypeHeader);
    if (type != null && type.is("application", "cloudevents-batch+json")) {
      // the HTTP binding's batched mode
      return batch(type, true, perIndex(partial, request), body, request, receivedAt);
    }
    boolean binary = RequestShape.isBinary(type, request, access.corsEnabled());
    String client = limitRequest(request);
    Body bytes = read(body, request, settings.limits().maxEventBytes());
    List<EventRecord> events;
    long position;
    try {
      RequestFacts facts =
          new RequestFacts(CloudflareHeaders.from(request, origin.trusted(request)), receivedAt);
      EventRecord event =
          binary
              ? BinaryReader.read(
                  RequestShape.ceHeaders(request), contentTypeHeader, type, bytes, facts)
              : StructuredReader.single(bytes, facts);
      events = List.of(event);
      events = admit(client, events, receivedAt);
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
  public Object batch(
      InputStream body, @QueryParam("partial") String partial, @Context HttpServletRequest request)
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
              + RequestShape.received(type));
    }
    return batch(type, arrayOnly, perIndex(partial, request), body, request, receivedAt);
  }

  private static Prefer.Mode perIndex(String partial, HttpServletRequest request) {
    return Prefer.mode(partial, request.getHeaders("Prefer"));
  }

  private Object batch(
      ContentType type,
      boolean arrayOnly,
      Prefer.Mode mode,
      InputStream body,
      HttpServletRequest request,
      Instant receivedAt)
      throws BufferRefusedException {
    RequestShape.requireUtf8(type);
    String client = limitRequest(request);
    Body bytes = read(body, request, settings.limits().maxBatchBytes());
    if (mode != Prefer.Mode.ALL_OR_NOTHING) {
      boolean withResults = mode == Prefer.Mode.PER_INDEX_WITH_RESULTS;
      return eachBatch(arrayOnly, withResults, bytes, client, request, receivedAt);
    }
    List<EventRecord> events;
    long position;
    try {
      RequestFacts facts =
          new RequestFacts(CloudflareHeaders.from(request, origin.trusted(request)), receivedAt);
      events = BatchReader.read(bytes, arrayOnly, settings.limits().maxBatchEvents(), facts);
      events = admit(client, events, receivedAt);
      position = intake.accept(SenderKeys.apply(senderKey(request), events));
    } finally {
      reading.give(bytes.bytes().length);
    }
    stats.eventsAccepted.inc(events.size());
    stats.byType.accepted(events, EventRecord::type);
    stats.bytesReceived.inc(bytes.length());
    return answer(position, events, events.size());
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

  /** Refuses events outside the time window or the client's rate, and unfit ones but as kept. */
  private List<EventRecord> admit(String client, List<EventRecord> events, Instant now) {
    EventLimits.check(events, limits, now);
    UnroutedTypes.check(settings.routes(), events);
    if (deadLetters.keeping()) {
      events = promoted.keep(events, settings.routes()::tableOf);
    } else {
      promoted.check(events);
    }
    rateEvents(client, events.size());
    return events;
  }

  /** Refuses with 429 events over the client's rate. */
  private void rateEvents(String client, int count) {
    if (client != null) {
      int wait = rates.events(client, count);
      if (wait > 0) {
        throw ProblemException.tooManyRequests(
            "more than " + limits.eventsPerSecond() + " events a second from this client", wait);
      }
    }
  }

  /**
   * A batch read per index: the valid events are kept as one log record (all or nothing among them,
   * like a whole batch), the others answered per index; see {@link BatchResults}.
   */
  private Object eachBatch(
      boolean arrayOnly,
      boolean preferred,
      Body bytes,
      String client,
      HttpServletRequest request,
      Instant receivedAt)
      throws BufferRefusedException {
    BatchOutcome outcome;
    long position = -1;
    try {
      RequestFacts facts =
          new RequestFacts(CloudflareHeaders.from(request, origin.trusted(request)), receivedAt);
      outcome =
          BatchReader.readEach(
              bytes,
              arrayOnly,
              settings.limits().maxBatchEvents(),
              settings.limits().maxEventBytes(),
              facts);
      EventLimits.refuseEach(outcome, limits, receivedAt);
      UnroutedTypes.refuseEach(settings.routes(), outcome);
      List<EventRecord> handed =
          kept.of(outcome, "true".equals(request.getParameter("dead_letter")), receivedAt);
      if (!handed.isEmpty()) {
        rateEvents(client, handed.size());
        position = intake.accept(SenderKeys.apply(senderKey(request), handed));
      }
    } finally {
      reading.give(bytes.bytes().length);
    }
    List<EventRecord> events = outcome.accepted();
    Response answer = BatchResults.answer(outcome, preferred);
    stats.bytesReceived.inc(bytes.length());
    if (events.isEmpty()) {
      return answer;
    }
    stats.eventsAccepted.inc(events.size());
    stats.byType.accepted(events, EventRecord::type);
    return commitAck == null
        ? answer
        : commitAck.answer(buffers.committed(position, events), answer);
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
