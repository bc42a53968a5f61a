package dev.floe.query;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FileIO;

/**
 * Streams one planned query as JSON lines: hour partition by hour partition, earliest first, the
 * planned files of the hour and the buffered rows of the hour merged and ordered by time (events
 * without a time last in their hour, then by type and id), until the limit or the time budget is
 * reached. Only the earliest rows still wanted are kept while an hour is read, so memory stays
 * within the limit. The last line says what the query cost: {@code {"_floe_query": {...}}}.
 */
final class QueryRun {
  private static final JsonFactory JSON = new JsonFactory();

  /** Time order; events of one instant by type and id, so the same query answers the same. */
  static final Comparator<Record> BY_TIME =
      Comparator.comparing(
              (Record r) -> (OffsetDateTime) r.getField("time"),
              Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(
              r -> (String) r.getField("type"), Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(
              r -> (String) r.getField("id"), Comparator.nullsLast(Comparator.naturalOrder()));

  private final FileIO io;
  private final QueryPlan plan;
  private final QueryRequest q;
  private final Map<Long, List<Record>> buffered;
  private final long deadlineNanos;
  private int filesRead;
  private int rows;
  private int bufferedRows;
  private String stoppedBy;

  /**
   * @param buffered matching buffered rows by epoch hour, none of them in the plan's snapshot
   * @param deadlineNanos {@link System#nanoTime()} past which the answer ends early
   */
  QueryRun(
      FileIO io,
      QueryPlan plan,
      QueryRequest q,
      Map<Long, List<Record>> buffered,
      long deadlineNanos) {
    this.io = io;
    this.plan = plan;
    this.q = q;
    this.buffered = buffered;
    this.deadlineNanos = deadlineNanos;
  }

  void write(OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.setRootValueSeparator(null);
      TreeSet<Long> hours = new TreeSet<>(plan.hours().keySet());
      hours.addAll(buffered.keySet());
      for (long hour : hours) {
        if (rows >= q.limit()) {
          stoppedBy = "limit";
          break;
        }
        if (late()) {
          stoppedBy = "time";
          break;
        }
        for (Record r : hour(hour)) {
          RowJson.write(g, r, q.columns());
          g.writeRaw('\n');
          rows++;
        }
        g.flush();
        if (stoppedBy != null) {
          break;
        }
      }
      trailer(g);
    }
  }

  /** The earliest rows of one hour still wanted, in time order. */
  private List<Record> hour(long hour) {
    int room = q.limit() - rows;
    PriorityQueue<Record> latestFirst = new PriorityQueue<>(BY_TIME.reversed());
    for (FileScanTask task : plan.hours().getOrDefault(hour, List.of())) {
      if (late()) {
        break;
      }
      filesRead++;
      FileRows.read(io, task, plan.projection(), r -> keep(latestFirst, r, room), this::late);
    }
    if (late()) {
      stoppedBy = "time"; // what was read of this hour is still answered, in order
    }
    Set<Record> mine = Collections.newSetFromMap(new IdentityHashMap<>());
    mine.addAll(buffered.getOrDefault(hour, List.of()));
    mine.forEach(r -> keep(latestFirst, r, room));
    List<Record> sorted = new ArrayList<>(latestFirst);
    sorted.sort(BY_TIME);
    bufferedRows += (int) sorted.stream().filter(mine::contains).count();
    return sorted;
  }

  private void keep(PriorityQueue<Record> latestFirst, Record r, int room) {
    latestFirst.add(r);
    if (latestFirst.size() > room) {
      latestFirst.poll();
      stoppedBy = "limit";
    }
  }

  private boolean late() {
    return System.nanoTime() - deadlineNanos > 0;
  }

  private void trailer(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("_floe_query");
    g.writeNumberField("rows", rows);
    g.writeNumberField("bufferedRows", bufferedRows);
    g.writeNumberField("filesPlanned", plan.filesPlanned());
    g.writeNumberField("filesRead", filesRead);
    if (plan.snapshotId() == null) {
      g.writeNullField("snapshotId");
    } else {
      g.writeNumberField("snapshotId", plan.snapshotId());
    }
    g.writeBooleanField("complete", stoppedBy == null);
    g.writeStringField("stoppedBy", stoppedBy);
    g.writeEndObject();
    g.writeEndObject();
    g.writeRaw('\n');
  }
}
