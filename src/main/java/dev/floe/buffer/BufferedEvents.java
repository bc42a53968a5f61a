package dev.floe.buffer;

import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A read-only copy of the events this node holds but has not committed, per partition, taken
 * together with a pin of the table (its current snapshot, say) in one moment during which no flush
 * of that table runs on this node. Every acknowledged event of this node is then either in the
 * pinned table or in the copy, never in both: a flush drains, writes and commits while holding the
 * flusher's lock, so no event is half-way (drained but not committed) while the copy and the pin
 * are taken, and events a failed flush gave back are in their buffers again. The events of a commit
 * whose outcome is unknown are in neither until it is settled: left out, never counted twice. Until
 * the events replayed from the log at start are checked against the table (the first flush does
 * it), some of them may be in both: no copy is taken then.
 *
 * @param pinned what the pin returned, taken after the copy under the same lock
 * @param events buffered events of each chosen partition, oldest first; partitions with none left
 *     out
 */
public record BufferedEvents<T>(T pinned, Map<PartitionKey, List<EventRecord>> events) {

  /**
   * Takes the copy and the pin; null when a running flush held on longer than {@code waitMs}, or
   * while replayed events are not yet checked against the table.
   */
  static <T> BufferedEvents<T> take(
      BufferEngine engine, Predicate<PartitionKey> which, Supplier<T> pin, long waitMs)
      throws InterruptedException {
    String table = engine.lanes.configured(); // queries read the configured table
    return engine.lanes.betweenFlushes(
        table,
        waitMs,
        () -> {
          if (engine.replayPending() != null) {
            return null;
          }
          Map<PartitionKey, List<EventRecord>> copy = new LinkedHashMap<>();
          for (PartitionBuffer b : engine.partitions.select(which)) {
            if (!b.table.equals(table)) {
              continue;
            }
            List<EventRecord> events = b.copy();
            if (!events.isEmpty()) {
              copy.put(b.key, List.copyOf(events));
            }
          }
          return new BufferedEvents<>(pin.get(), copy);
        });
  }

  /** How many events the copy holds. */
  public int size() {
    return events.values().stream().mapToInt(List::size).sum();
  }
}
