package dev.floe.query;

import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.config.QuerySettings;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import dev.floe.lake.TableCommitter;
import dev.floe.testing.TestTables;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Query latency on a table of 1,000,000 rows in 1,000 files (10 types x 100 hours, one commit per
 * hour), built by Floe's own committer: a one-hour one-type query and counts over a day, timed
 * in-process through the same service {@code /query} uses (planning, Parquet reads, JSON writing;
 * no HTTP). Not a test: {@code scripts/bench-query} runs it.
 */
public final class QueryBench {
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final int TYPES = 10;
  private static final int HOURS = 100;
  private static final int ROWS_PER_FILE = 1000;

  private QueryBench() {}

  public static void main(String[] args) throws Exception {
    Path warehouse = Path.of(args.length > 0 ? args[0] : "target/bench/query-warehouse");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    CatalogStrategy catalog = CatalogProducer.create(TestTables.settings(warehouse));
    if (!Files.exists(warehouse.resolve("analytics/events/metadata"))) {
      build(catalog);
    }
    var table = catalog.table();
    table.refresh();
    System.out.println(
        "table: "
            + table.currentSnapshot().summary().get("total-records")
            + " rows in "
            + table.currentSnapshot().summary().get("total-data-files")
            + " files");
    QuerySettings bounds = QuerySettings.from(k -> Optional.empty());
    QueryService service = new QueryService(catalog::table, (w, p, ms) -> null, bounds);

    String hourFrom = "2024-01-02T13:00:00Z";
    String hourTo = "2024-01-02T14:00:00Z";
    QueryRequest oneHour =
        QueryRequest.parse(
            table.schema(),
            bounds,
            "t3",
            hourFrom,
            hourTo,
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of());
    QueryService.Prepared p = service.prepare(oneHour);
    System.out.println("one type, one hour: files planned " + p.plan().filesPlanned());
    time("query one type, one hour (1,000 rows, all columns)", runs, () -> run(service, oneHour));
    QueryRequest oneId =
        QueryRequest.parse(
            table.schema(),
            bounds,
            "t3",
            hourFrom,
            hourTo,
            null,
            null,
            "t3-37-500",
            "id,time",
            null,
            null,
            Map.of());
    time("query one type, one hour, one id", runs, () -> run(service, oneId));
    Instant day = Instant.parse("2024-01-02T00:00:00Z");
    time(
        "counts over a day, by type and hour (240 files)",
        runs,
        () ->
            service
                .counts(
                    List.of(),
                    day,
                    day.plusSeconds(86_400),
                    EventCounts.GroupBy.parse("type,hour"),
                    false)
                .files());
    time(
        "counts over the whole table, by type (1,000 files)",
        runs,
        () ->
            service
                .counts(List.of(), null, null, EventCounts.GroupBy.parse("type"), false)
                .files());
  }

  private static int run(QueryService service, QueryRequest q) {
    try {
      int[] bytes = {0};
      service
          .prepare(q)
          .write(
              new OutputStream() {
                @Override
                public void write(int b) {
                  bytes[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                  bytes[0] += len;
                }
              });
      return bytes[0];
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void time(String name, int runs, Supplier<Object> work) {
    for (int i = 0; i < 5; i++) {
      work.get(); // warm-up
    }
    double[] ms = new double[runs];
    Object last = null;
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      last = work.get();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(
        "%-55s median %7.1f ms  p95 %7.1f ms  (%s)%n",
        name, ms[runs / 2], ms[(int) Math.ceil(runs * 0.95) - 1], last);
  }

  private static void build(CatalogStrategy catalog) {
    TableCommitter committer = new TableCommitter(catalog);
    long start = System.nanoTime();
    for (int h = 0; h < HOURS; h++) {
      List<List<EventRecord>> partitions = new ArrayList<>();
      for (int t = 0; t < TYPES; t++) {
        List<EventRecord> events = new ArrayList<>(ROWS_PER_FILE);
        for (int i = 0; i < ROWS_PER_FILE; i++) {
          Instant time = START.plusSeconds(h * 3600L + (i * 3599L / ROWS_PER_FILE));
          events.add(
              new EventRecord(
                  "t" + t + "-" + h + "-" + i,
                  "t" + t,
                  "source-" + (i % 5),
                  "1.0",
                  time,
                  "user-" + (i % 97),
                  "application/json",
                  null,
                  "{\"page\":\"/p/" + (i % 50) + "\",\"n\":" + i + "}",
                  Map.of("traceid", Integer.toHexString(i * 7919)),
                  CloudflareInfo.NONE,
                  time));
        }
        partitions.add(events);
      }
      String id = "bench-" + h;
      committer.commit(committer.write(partitions, id), id, Map.of());
    }
    System.out.printf(
        "built %d rows in %d files in %.1f s%n",
        HOURS * TYPES * ROWS_PER_FILE, HOURS * TYPES, (System.nanoTime() - start) / 1e9);
  }
}
