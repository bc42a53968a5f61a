package dev.floe.cloudevents;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.floe.event.EventRecord;
import dev.floe.event.RequestFacts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a batch of structured CloudEvents, all or nothing: the seed's {@code {"events":[...]}}
 * envelope or the JSON batch format's bare array. The first bad event rejects the batch, naming its
 * index; or, read per index ({@link #readEach}), each bad event is refused on its own.
 */
public final class BatchReader {
  private final Body body;
  private final RequestFacts facts;
  private final int maxEvents;
  private final int badUtf8At;

  /** Per-index reading only: the events so far, and the largest event in bytes. */
  private final BatchOutcome outcome;

  private final int maxEventBytes;

  /** The index of the event being read, or -1 between events. */
  private int current = -1;

  private BatchReader(Body body, RequestFacts facts, int maxEvents, int maxEventBytes) {
    this.body = body;
    this.facts = facts;
    this.maxEvents = maxEvents;
    this.maxEventBytes = maxEventBytes;
    this.outcome = maxEventBytes > 0 ? new BatchOutcome(body, maxEventBytes) : null;
    this.badUtf8At = Utf8.firstInvalid(body.bytes(), body.length());
  }

  /**
   * @param arrayOnly true for {@code application/cloudevents-batch+json}, where only a bare array
   *     is allowed
   */
  public static List<EventRecord> read(
      Body body, boolean arrayOnly, int maxEvents, RequestFacts facts) {
    return new BatchReader(body, facts, maxEvents, 0).read(arrayOnly);
  }

  /**
   * Reads a batch per index: an event that breaks a rule, or is larger than {@code maxEventBytes},
   * is refused on its own (its text kept, at most that many bytes) and the others are read on. What
   * makes the array itself unreadable (malformed JSON, duplicate keys inside {@code data}, bytes
   * that are not UTF-8, more than {@code maxEvents} events, no events) still refuses the whole
   * batch.
   */
  public static BatchOutcome readEach(
      Body body, boolean arrayOnly, int maxEvents, int maxEventBytes, RequestFacts facts) {
    BatchReader reader = new BatchReader(body, facts, maxEvents, maxEventBytes);
    reader.read(arrayOnly);
    return reader.outcome;
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
      if (outcome != null ? outcome.total() == 0 : events.isEmpty()) {
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
    if (outcome != null) {
      readEach(p);
      return outcome.accepted();
    }
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

  /** Reads the array's elements, each refused or accepted on its own. */
  private void readEach(JsonParser p) throws IOException {
    String[] recent = new String[EventDraft.DATA];
    JsonStreamContext array = p.getParsingContext();
    JsonToken t;
    for (int index = 0; (t = p.nextToken()) != JsonToken.END_ARRAY; index++) {
      if (index >= maxEvents) {
        throw EventFormatException.tooLarge(
            "the batch holds more than the limit of " + maxEvents + " events");
      }
      current = index;
      int start = (int) p.currentTokenLocation().getByteOffset();
      EventRecord event = null;
      EventFormatException refusal = null;
      if (t != JsonToken.START_OBJECT) {
        refusal =
            EventFormatException.invalidEvent(
                "expected a CloudEvent JSON object, got " + StructuredReader.kind(t));
        p.skipChildren();
      } else {
        try {
          event = StructuredReader.readObject(p, body, facts, recent);
        } catch (EventFormatException e) {
          if (e.refusal().kind() == Refusal.Kind.MALFORMED_BODY) {
            throw e.at(index); // the array itself cannot be read on
          }
          refusal = e;
          skipRest(p, array);
        }
      }
      int end = (int) p.currentLocation().getByteOffset();
      if (badUtf8At >= 0 && badUtf8At < end) {
        throw notUtf8().at(index);
      }
      if (refusal == null && end - start > maxEventBytes) {
        refusal =
            EventFormatException.tooLarge(
                "the event is larger than the limit of "
                    + maxEventBytes
                    + " bytes (FLOE_MAX_EVENT_BYTES)");
      }
      if (refusal == null) {
        outcome.accept(event, index, start, end);
      } else {
        outcome.refuse(index, start, end, refusal.refusal());
      }
      current = -1;
    }
  }

  /** Reads on to the end of the element a refusal stopped in, checking its syntax. */
  private static void skipRest(JsonParser p, JsonStreamContext array) throws IOException {
    while (p.getParsingContext() != array) {
      if (p.nextToken() == null) {
        throw EventFormatException.malformed("unexpected end of JSON input");
      }
    }
  }

  private EventFormatException notUtf8() {
    return EventFormatException.malformed(
        "request body is not valid UTF-8 (byte offset " + badUtf8At + ")");
  }

  private EventFormatException here(EventFormatException e) {
    return current >= 0 ? e.at(current) : e;
  }
}
