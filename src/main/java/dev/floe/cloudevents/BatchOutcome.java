package dev.floe.cloudevents;

import dev.floe.event.EventRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * What a per-index batch read gave: the valid events with their positions in the batch, and the
 * refused ones with their own JSON text and reason. Later checks (time window, promoted columns)
 * refuse more events through {@link #refuseWhere}, while the request still holds its body: the raw
 * text is sliced from it then.
 */
public final class BatchOutcome {
  private final Body body;
  private final int rawLimit;
  private List<EventRecord> accepted = new ArrayList<>();
  private int[] indexes = new int[16];
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private final List<RefusedEvent> refused = new ArrayList<>();

  /**
   * @param rawLimit the most bytes of one event's text kept for a refused event
   */
  BatchOutcome(Body body, int rawLimit) {
    this.body = body;
    this.rawLimit = rawLimit;
  }

  void accept(EventRecord event, int index, int start, int end) {
    int n = accepted.size();
    if (n == indexes.length) {
      indexes = Arrays.copyOf(indexes, n * 2);
      starts = Arrays.copyOf(starts, n * 2);
      ends = Arrays.copyOf(ends, n * 2);
    }
    accepted.add(event);
    indexes[n] = index;
    starts[n] = start;
    ends[n] = end;
  }

  void refuse(int index, int start, int end, Refusal refusal) {
    refused.add(new RefusedEvent(index, ElementId.of(body, start, end), raw(start, end), refusal));
  }

  /** The valid events, in batch order. */
  public List<EventRecord> accepted() {
    return accepted;
  }

  /** The position in the batch of the {@code i}th accepted event. */
  public int indexOf(int i) {
    return indexes[i];
  }

  /** The refused events, by index. */
  public List<RefusedEvent> refused() {
    return refused;
  }

  /** How many events the batch held. */
  public int total() {
    return accepted.size() + refused.size();
  }

  /**
   * Refuses the accepted events for which {@code check} gives a refusal (called once per accepted
   * event, in batch order), keeping the others. Call it while the request's body is held.
   */
  public void refuseWhere(Function<EventRecord, EventFormatException> check) {
    List<EventRecord> kept = null;
    int k = 0;
    for (int i = 0; i < accepted.size(); i++) {
      EventRecord e = accepted.get(i);
      EventFormatException why = check.apply(e);
      if (why == null) {
        if (kept != null) {
          kept.add(e);
          indexes[k] = indexes[i];
          starts[k] = starts[i];
          ends[k] = ends[i];
        }
        k++;
        continue;
      }
      if (kept == null) {
        kept = new ArrayList<>(accepted.subList(0, i));
      }
      refused.add(new RefusedEvent(indexes[i], e.id(), raw(starts[i], ends[i]), why.refusal()));
    }
    if (kept != null) {
      accepted = kept;
      refused.sort(Comparator.comparingInt(RefusedEvent::index));
    }
  }

  /** The element's text, at most {@code rawLimit} bytes, not cut inside a UTF-8 sequence. */
  private String raw(int start, int end) {
    int to = Math.min(end, start + rawLimit);
    byte[] b = body.bytes();
    if (to < end) {
      while (to > start && (b[to] & 0xC0) == 0x80) {
        to--;
      }
    }
    return new String(b, start, to - start, StandardCharsets.UTF_8);
  }
}
