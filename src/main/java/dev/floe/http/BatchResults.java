package dev.floe.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.floe.cloudevents.BatchOutcome;
import dev.floe.cloudevents.Json;
import dev.floe.cloudevents.Refusal;
import dev.floe.cloudevents.RefusedEvent;
import dev.floe.cloudevents.Text;
import dev.floe.event.EventRecord;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The answer to a batch read per index: 202 when every event was accepted, 207 Multi-Status when
 * some were refused, and a problem when none was accepted (400, or the status all refusals share).
 * The 207 and the problem carry one result per event, in batch order (index, status, the event's id
 * when it could be read, and for a refused one its problem's type, title and detail); the 202
 * carries them only when {@code Prefer: return=representation} asked, as it says nothing the counts
 * do not. Never the events' own text.
 */
public final class BatchResults {
  static final int MULTI_STATUS = 207;
  static final int MAX_ID_CHARS = 200;
  static final int MAX_DETAIL_CHARS = 300;

  private BatchResults() {}

  /**
   * @param preferApplied true when the request asked with {@code Prefer: return=representation}
   */
  public static Response answer(BatchOutcome outcome, boolean preferApplied) {
    Rendered a = render(outcome, preferApplied);
    Response.ResponseBuilder r = Response.status(a.status()).type(a.mediaType()).entity(a.json());
    if (a.status() >= 400) {
      r.header("Cache-Control", "no-store");
    }
    if (preferApplied) {
      r.header("Preference-Applied", "return=representation");
    }
    return r.build();
  }

  /** An answer's status, media type and body. */
  record Rendered(int status, String mediaType, String json) {}

  static Rendered render(BatchOutcome outcome, boolean withAccepted) {
    if (outcome.accepted().isEmpty()) {
      Problem problem = allRefused(outcome.refused());
      return new Rendered(problem.status(), Problem.MEDIA_TYPE, render(outcome, problem));
    }
    if (outcome.refused().isEmpty() && !withAccepted) {
      return new Rendered(
          202,
          MediaType.APPLICATION_JSON,
          "{\"accepted\":" + outcome.accepted().size() + ",\"refused\":0}");
    }
    int status = outcome.refused().isEmpty() ? 202 : MULTI_STATUS;
    return new Rendered(status, MediaType.APPLICATION_JSON, render(outcome, null));
  }

  /**
   * The problem of a batch none of whose events was accepted: their common kind, if they share one.
   */
  static Problem allRefused(List<RefusedEvent> refused) {
    Refusal.Kind kind = refused.get(0).refusal().kind();
    for (RefusedEvent e : refused) {
      if (e.refusal().kind() != kind) {
        kind = Refusal.Kind.INVALID_EVENT;
        break;
      }
    }
    return new Problem(
        Problem.BASE + kind.slug(),
        kind.title(),
        kind.status(),
        "none of the batch's "
            + refused.size()
            + " events was accepted; each one's reason is in results",
        refused.get(0).index());
  }

  static String render(BatchOutcome outcome, Problem problem) {
    List<EventRecord> accepted = outcome.accepted();
    List<RefusedEvent> refused = outcome.refused();
    StringWriter out = new StringWriter(64 + 40 * accepted.size() + 200 * refused.size());
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      if (problem != null) {
        g.writeStringField("type", problem.type());
        g.writeStringField("title", problem.title());
        g.writeNumberField("status", problem.status());
        g.writeStringField("detail", problem.detail());
        g.writeNumberField("index", problem.index());
      }
      g.writeNumberField("accepted", accepted.size());
      g.writeNumberField("refused", refused.size());
      g.writeArrayFieldStart("results");
      int a = 0;
      int r = 0;
      while (a < accepted.size() || r < refused.size()) {
        if (r == refused.size()
            || (a < accepted.size() && outcome.indexOf(a) < refused.get(r).index())) {
          writeAccepted(g, outcome.indexOf(a), accepted.get(a).id());
          a++;
        } else {
          writeRefused(g, refused.get(r++));
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeAccepted(JsonGenerator g, int index, String id) throws IOException {
    g.writeStartObject();
    g.writeNumberField("index", index);
    g.writeNumberField("status", 202);
    g.writeStringField("id", Text.clip(id, MAX_ID_CHARS));
    g.writeEndObject();
  }

  private static void writeRefused(JsonGenerator g, RefusedEvent e) throws IOException {
    Refusal why = e.refusal();
    g.writeStartObject();
    g.writeNumberField("index", e.index());
    g.writeNumberField("status", why.status());
    if (e.id() != null) {
      g.writeStringField("id", Text.clip(e.id(), MAX_ID_CHARS));
    }
    g.writeStringField("type", Problem.BASE + why.kind().slug());
    g.writeStringField("title", why.kind().title());
    g.writeStringField("detail", Text.clip(why.detail(), MAX_DETAIL_CHARS));
    g.writeEndObject();
  }
}
