package dev.floe.ingest;

import dev.floe.buffer.BufferFullException;
import dev.floe.buffer.Intake;
import dev.floe.buffer.PartitionBuffers;
import dev.floe.cloudevents.BatchReader;
import dev.floe.cloudevents.BinaryReader;
import dev.floe.cloudevents.Body;
import dev.floe.cloudevents.BodyReader;
import dev.floe.cloudevents.ContentType;
import dev.floe.cloudevents.EventFormatException;
import dev.floe.cloudevents.StructuredReader;
import dev.floe.cloudevents.Text;
import dev.floe.config.FloeSettings;
import dev.floe.event.EventRecord;
import dev.floe.event.RequestFacts;
import dev.floe.metrics.FloeStats;
import jakarta.annotation.PostConstruct;
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
  @Inject PartitionBuffers buffers;
  @Inject FloeStats stats;
  private Intake intake;

  @PostConstruct
  void start() {
    intake = buffers.intake(); // then each request calls it directly, not through the EJB
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response single(InputStream body, @Context HttpServletRequest request)
      throws BufferFullException {
    Instant receivedAt = Instant.now();
    String contentTypeHeader = request.getContentType();
    ContentType type = ContentType.parse(contentTypeHeader);
    boolean binary = isBinary(type, request);
    Body bytes = read(body, request, settings.limits().maxEventBytes());
    RequestFacts facts = new RequestFacts(CloudflareHeaders.from(request), receivedAt);
    EventRecord event =
        binary
            ? BinaryReader.read(ceHeaders(request), contentTypeHeader, type, bytes, facts)
            : StructuredReader.single(bytes, facts);
    intake.accept(List.of(event));
    stats.eventsAccepted.inc(1);
    stats.bytesReceived.inc(bytes.length());
    return accepted(1);
  }

  @POST
  @Path("batch")
  @Consumes(MediaType.WILDCARD)
  public Response batch(InputStream body, @Context HttpServletRequest request)
      throws BufferFullException {
    Instant receivedAt = Instant.now();
    ContentType type = ContentType.parse(request.getContentType());
    boolean arrayOnly;
    if (type != null && type.is("application", "cloudevents-batch+json")) {
      arrayOnly = true;
    } else if (type != null && type.is("application", "json")) {
      arrayOnly = false;
    } else {
      throw EventFormatException.unsupportedMediaType(
          "a batch must be sent as application/json ({\"events\":[...]}) or"
              + " application/cloudevents-batch+json (a JSON array)"
              + received(type));
    }
    requireUtf8(type);
    Body bytes = read(body, request, settings.limits().maxBatchBytes());
    RequestFacts facts = new RequestFacts(CloudflareHeaders.from(request), receivedAt);
    List<EventRecord> events =
        BatchReader.read(bytes, arrayOnly, settings.limits().maxBatchEvents(), facts);
    intake.accept(events);
    stats.eventsAccepted.inc(events.size());
    stats.bytesReceived.inc(bytes.length());
    return accepted(events.size());
  }

  /**
   * Structured for the CloudEvents JSON format; binary whenever {@code ce-specversion} is present
   * (the HTTP binding's rule: then Content-Type, JSON or not, describes the data); structured for
   * plain JSON without it, as the seed's clients send.
   */
  private static boolean isBinary(ContentType type, HttpServletRequest request) {
    if (type != null && type.type().equals("application")) {
      String subtype = type.subtype();
      if (subtype.equals("cloudevents+json")) {
        requireUtf8(type);
        return false;
      }
      if (subtype.startsWith("cloudevents")) {
        throw EventFormatException.unsupportedMediaType(
            subtype.startsWith("cloudevents-batch")
                ? "batches go to /events/batch"
                : "only the JSON event format (application/cloudevents+json) is supported");
      }
    }
    if (request.getHeader("ce-specversion") != null) {
      return true;
    }
    if (type != null && type.is("application", "json")) {
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

  private static Body read(InputStream body, HttpServletRequest request, int limit) {
    return BodyReader.read(
        body, request.getHeader("Content-Encoding"), request.getContentLengthLong(), limit);
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

  private static Response accepted(int count) {
    return Response.accepted("{\"accepted\":" + count + "}")
        .type(MediaType.APPLICATION_JSON_TYPE)
        .build();
  }
}
