package dev.floe.cloudevents;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.floe.event.EventRecord;
import dev.floe.event.RequestFacts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a batch of structured CloudEvents, all or nothing: the seed's {@code {"events":[...]}}
 * envelope or the JSON batch format's bare array. The first bad event rejects the batch, naming its
 * index.
 */
public final class BatchReader {
  private final Body body;
  private final RequestFacts facts;
  private final int maxEvents;
  private final int badUtf8At;

  /** The index of the event being read, or -1 between events. */
  private int current = -1;

  private BatchReader(Body body, RequestFacts facts, int maxEvents) {
    this.body = body;
    this.facts = facts;
    this.maxEvents = maxEvents;
    this.badUtf8At = Utf8.firstInvalid(body.bytes(), body.length());
  }

  /**
   * @param arrayOnly true for {@code application/cloudevents-batch+json}, where only a bare array
   *     is allowed
   */
  public static List<EventRecord> read(
      Body body, boolean arrayOnly, int maxEvents, RequestFacts facts) {
    return new BatchReader(body, facts, maxEvents).read(arrayOnly);
  }

  private List<EventRecord> read(boolean arrayOnly) {
    try (JsonParser p = Json.parser(body)) {
      JsonToken t = p.nextToken();
      List<EventRecord> events;
      if (t == JsonToken.START_ARRAY) {
        events = readArray(p);
      } else if (t == JsonToken.START_OBJECT && !arrayOnly) {
        events = readEnvelope(p);
      } else if (t == null) {
        throw EventFormatException.malformed("request body is empty");
      } else {
        throw EventFormatException.invalidEvent(
            arrayOnly
                ? "a CloudEvents batch must be a JSON array of events"
                : "a batch must be {\"events\":[...]} or a JSON array of events");
      }
      if (p.nextToken() != null) {
        throw EventFormatException.malformed("unexpected content after the batch");
      }
      if (badUtf8At >= 0) {
        throw notUtf8();
      }
      if (events.isEmpty()) {
        throw EventFormatException.invalidEvent("the batch contains no events");
      }
      return events;
    } catch (JsonProcessingException e) {
      throw here(badUtf8At >= 0 ? notUtf8() : Json.malformed(e));
    } catch (IOException e) {
      throw EventFormatException.malformed("could not read the request body");
    }
  }

  private List<EventRecord> readEnvelope(JsonParser p) throws IOException {
    List<EventRecord> events = null;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (events != null) {
        throw EventFormatException.invalidEvent("\"events\" appears more than once in the batch");
      }
      if (!name.equals("events")) {
        throw EventFormatException.invalidEvent(
            "unexpected member '"
                + Text.clip(name, 40)
                + "' in the batch; expected only \"events\"");
      }
      JsonToken v = p.nextToken();
      if (v != JsonToken.START_ARRAY) {
        throw EventFormatException.invalidEvent(
            "\"events\" must be an array, got " + StructuredReader.kind(v));
      }
      events = readArray(p);
    }
    if (t != JsonToken.END_OBJECT) {
      throw EventFormatException.malformed("unexpected end of JSON input");
    }
    if (events == null) {
      throw EventFormatException.invalidEvent("the batch has no \"events\" array");
    }
    return events;
  }

  private List<EventRecord> readArray(JsonParser p) throws IOException {
    List<EventRecord> events = new ArrayList<>();
    String[] recent = new String[EventDraft.DATA]; // shared along the batch: see readObject
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      int index = events.size();
      if (index >= maxEvents) {
        throw EventFormatException.tooLarge(
            "the batch holds more than the limit of " + maxEvents + " events");
      }
      current = index;
      if (t != JsonToken.START_OBJECT) {
        throw EventFormatException.invalidEvent(
                "expected a CloudEvent JSON object, got " + StructuredReader.kind(t))
            .at(index);
      }
      try {
        events.add(StructuredReader.readObject(p, body, facts, recent));
      } catch (EventFormatException e) {
        throw e.at(index);
      }
      if (badUtf8At >= 0 && badUtf8At < p.currentLocation().getByteOffset()) {
        throw notUtf8().at(index);
      }
      current = -1;
    }
    return events;
  }

  private EventFormatException notUtf8() {
    return EventFormatException.malformed(
        "request body is not valid UTF-8 (byte offset " + badUtf8At + ")");
  }

  private EventFormatException here(EventFormatException e) {
    return current >= 0 ? e.at(current) : e;
  }
}
