package dev.floe.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.buffer.BufferedEvents;
import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.config.QuerySettings;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import dev.floe.event.PartitionKey;
import dev.floe.lake.TableCommitter;
import dev.floe.testing.Fixtures;
import dev.floe.testing.TestTables;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries over a table written by Floe's own committer: three types over six hours, two commits (so
 * two files per partition), a few events without a time. Answers are checked against a full scan
 * filtered here, pruning by the files planned.
 */
class QueryServiceTest {
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path warehouse;
  private static CatalogStrategy catalog;
  private static Table table;
  private Map<PartitionKey, List<EventRecord>> buffered = Map.of();
  private QuerySettings bounds = QuerySettings.from(k -> Optional.empty());

  @BeforeAll
  static void table() {
    catalog = CatalogProducer.create(TestTables.settings(warehouse));
    TableCommitter c = new TableCommitter(catalog);
    int n = 0;
    for (int commit = 0; commit < 2; commit++) {
      List<List<EventRecord>> partitions = new ArrayList<>();
      for (String type : List.of("a", "b", "c")) {
        for (int h = 0; h < 6; h++) {
          List<EventRecord> events = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            Instant t = T0.plusSeconds(h * 3600L + (i * 7L + commit * 3L) % 3600 * 60 % 3600);
            String source = i % 2 == 0 ? "s-even" : "s-odd";
            events.add(
                Fixtures.sparse(
                    "e" + n++, type, source, t, "{\"n\":" + i + "}", CloudflareInfo.NONE, t));
          }
          partitions.add(events);
        }
      }
      String id = "c" + commit;
      c.commit(c.write(partitions, id), id, Map.of());
    }
    // an event without a time of its own, received at 12:30
    String id = "c-untimed";
    c.commit(
        c.write(
            List.of(
                List.of(
                    Fixtures.sparse(
                        "untimed",
                        "a",
                        "s-even",
                        null,
                        null,
                        CloudflareInfo.NONE,
                        T0.plusSeconds(2 * 3600 + 1800)))),
            id),
        id,
        Map.of());
    table = TestTables.load(warehouse.resolve("analytics/events"));
  }

  private QueryService service() {
    return new QueryService(
        catalog::table,
        (Predicate<PartitionKey> which, java.util.function.Supplier<Long> pin, long wait) -> {
          Map<PartitionKey, List<EventRecord>> mine = new LinkedHashMap<>();
          buffered.forEach(
              (k, v) -> {
                if (which.test(k)) {
                  mine.put(k, v);
                }
              });
          return new BufferedEvents<>(pin.get(), mine);
        },
        bounds);
  }

  /** The answer's rows, and its last line's stats under "stats". */
  private record Answer(List<JsonNode> rows, JsonNode stats) {
    List<String> ids() {
      return rows.stream().map(r -> r.get("id").asText()).toList();
    }
  }

  private Answer query(String... params) throws Exception {
    Map<String, String> p = new HashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      p.put(params[i], params[i + 1]);
    }
    QueryRequest q =
        QueryRequest.parse(
            table.schema(),
            bounds,
            p.get("type"),
            p.get("from"),
            p.get("to"),
            p.get("source"),
            p.get("subject"),
            p.get("id"),
            p.get("columns"),
            p.get("limit"),
            p.get("include_buffered"),
            p);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    service().prepare(q).write(out);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(JSON.readTree(line));
    }
    JsonNode last = lines.remove(lines.size() - 1);
    return new Answer(lines, last.get("_floe_query"));
  }

  /** The full scan, filtered and ordered here: what a query must answer. */
  private List<String> expected(Predicate<Record> filter) {
    return TestTables.rows(table).stream()
        .filter(filter)
        .sorted(
            Comparator.comparing(
                    (Record r) ->
                        ((Integer) r.getField("day")) * 100 + (Integer) r.getField("hour"))
                .thenComparing(
                    r -> (OffsetDateTime) r.getField("time"),
                    Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(r -> (String) r.getField("type"))
                .thenComparing(r -> (String) r.getField("id")))
        .map(r -> (String) r.getField("id"))
        .toList();
  }

  private static Instant time(Record r) {
    OffsetDateTime t = (OffsetDateTime) r.getField("time");
    return t == null ? null : t.toInstant();
  }

  @Test
  void oneTypeOneHourEqualsTheFilteredFullScanAndPlansOnlyItsFiles() throws Exception {
    Answer a = query("type", "b", "from", "2024-03-01T11:00:00Z", "to", "2024-03-01T12:00:00Z");
    Instant from = Instant.parse("2024-03-01T11:00:00Z");
    Instant to = Instant.parse("2024-03-01T12:00:00Z");
    List<String> want =
        expected(
            r -> r.getField("type").equals("b") && !time(r).isBefore(from) && time(r).isBefore(to));
    assertThat(want).hasSize(10);
    assertThat(a.ids()).containsExactlyElementsOf(want);
    assertThat(a.stats().get("filesPlanned").asInt())
        .as("the two files of b at 11:00 out of %d", table.currentSnapshot().summary())
        .isEqualTo(2);
    assertThat(a.stats().get("filesRead").asInt()).isEqualTo(2);
    assertThat(a.stats().get("complete").asBoolean()).isTrue();
  }

  @Test
  void aRangeWithinHoursAndASourceFilterEqualTheFullScanInTimeOrder() throws Exception {
    Instant from = Instant.parse("2024-03-01T10:20:00Z");
    Instant to = Instant.parse("2024-03-01T13:10:00Z");
    Answer a =
        query("type", "a,c", "from", from.toString(), "to", to.toString(), "source", "s-even");
    List<String> want =
        expected(
            r ->
                List.of("a", "c").contains(r.getField("type"))
                    && r.getField("source").equals("s-even")
                    && (time(r) == null
                        ? r.getField("hour").equals(12)
                        : !time(r).isBefore(from) && time(r).isBefore(to)));
    assertThat(want).contains("untimed");
    assertThat(a.ids()).containsExactlyElementsOf(want);
    assertThat(a.stats().get("filesPlanned").asInt())
        .as("types a and c, hours 10 to 13, two files each, plus the untimed one")
        .isLessThanOrEqualTo(2 * 2 * 4 + 1);
  }

  @Test
  void anIdFindsItsRowAndSkipsFilesByColumnBounds() throws Exception {
    Answer a = query("id", "e7", "columns", "id,type,time");
    assertThat(a.ids()).containsExactly("e7");
    assertThat(a.rows().get(0).fieldNames()).toIterable().containsExactly("id", "type", "time");
    int files = table.currentSnapshot().allManifests(table.io()).size();
    assertThat(a.stats().get("filesPlanned").asInt())
        .as("files whose id bounds exclude e7 are skipped (%d manifests)", files)
        .isLessThan(37);
  }

  @Test
  void theLimitKeepsTheEarliestRowsAndSaysItCutTheAnswer() throws Exception {
    Answer a = query("type", "a", "limit", "7");
    assertThat(a.ids())
        .containsExactlyElementsOf(expected(r -> r.getField("type").equals("a")).subList(0, 7));
    assertThat(a.stats().get("complete").asBoolean()).isFalse();
    assertThat(a.stats().get("stoppedBy").asText()).isEqualTo("limit");
    assertThat(a.stats().get("filesRead").asInt())
        .as("later hours are not read")
        .isLessThan(a.stats().get("filesPlanned").asInt());
  }

  @Test
  void badParametersAndTooBroadQueriesAreRefusedNamingTheParameter() {
    assertThatThrownBy(() -> query("limit", "0")).satisfies(e -> parameter(e, "limit"));
    assertThatThrownBy(() -> query("limit", "100001")).satisfies(e -> parameter(e, "limit"));
    assertThatThrownBy(() -> query("from", "yesterday")).satisfies(e -> parameter(e, "from"));
    assertThatThrownBy(() -> query("from", "2024-03-01T12:00:00Z", "to", "2024-03-01T11:00:00Z"))
        .satisfies(e -> parameter(e, "to"));
    assertThatThrownBy(() -> query("columns", "id,nope")).satisfies(e -> parameter(e, "columns"));
    assertThatThrownBy(() -> query("include_buffered", "maybe"))
        .satisfies(e -> parameter(e, "include_buffered"));
    bounds =
        QuerySettings.from(k -> Optional.ofNullable(Map.of("floe.query.max.files", "3").get(k)));
    assertThatThrownBy(() -> query()).satisfies(e -> parameter(e, "type"));
  }

  @Test
  void pastItsTimeBudgetAnAnswerEndsEarlySayingSo() throws Exception {
    bounds =
        QuerySettings.from(k -> Optional.ofNullable(Map.of("floe.query.timeout.ms", "1").get(k)));
    Answer a = query("type", "a");
    assertThat(a.stats().get("complete").asBoolean()).isFalse();
    assertThat(a.stats().get("stoppedBy").asText()).isEqualTo("time");
    assertThat(a.rows().size()).isLessThan(expected(r -> r.getField("type").equals("a")).size());
  }

  private static void parameter(Throwable e, String name) {
    assertThat(e).isInstanceOf(BadParameterException.class);
    assertThat(((BadParameterException) e).parameter()).isEqualTo(name);
    assertThat(e.getMessage()).isNotBlank();
  }

  @Test
  void bufferedEventsAreAddedInTimeOrderWhenAskedFor() throws Exception {
    Instant t = Instant.parse("2024-03-01T11:00:30Z");
    EventRecord mine = Fixtures.sparse("mine", "b", "s-even", t, null, CloudflareInfo.NONE, t);
    EventRecord other =
        Fixtures.sparse(
            "other-hour", "b", "s-even", t.plusSeconds(7200), null, CloudflareInfo.NONE, t);
    buffered =
        Map.of(
            PartitionKey.of(mine), List.of(mine),
            PartitionKey.of(other), List.of(other));
    String[] q = {"type", "b", "from", "2024-03-01T11:00:00Z", "to", "2024-03-01T12:00:00Z"};
    assertThat(query(q).ids()).doesNotContain("mine");
    String[] withBuffered = {
      "type",
      "b",
      "from",
      "2024-03-01T11:00:00Z",
      "to",
      "2024-03-01T12:00:00Z",
      "include_buffered",
      "true"
    };
    Answer a = query(withBuffered);
    assertThat(a.ids()).containsOnlyOnce("mine").doesNotContain("other-hour");
    List<String> all = new ArrayList<>(query(q).ids());
    assertThat(a.ids()).hasSize(all.size() + 1);
    assertThat(a.stats().get("bufferedRows").asInt()).isEqualTo(1);
    List<Instant> times =
        a.rows().stream().map(r -> Instant.parse(r.get("time").asText())).toList();
    assertThat(times).isSorted();
  }

  @Test
  void countsFromManifestsEqualTheRowsPerTypeAndHourPlusBuffered() {
    Instant t = Instant.parse("2024-03-01T15:10:00Z");
    EventRecord open = Fixtures.sparse("open", "c", "s", t, null, CloudflareInfo.NONE, t);
    buffered = Map.of(PartitionKey.of(open), List.of(open));
    EventCounts.Counted c =
        service().counts(List.of(), null, null, EventCounts.GroupBy.parse("type,hour"), true);
    Map<String, Long> fromRows =
        TestTables.rows(table).stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.getField("type") + " " + r.getField("hour"), Collectors.counting()));
    Map<String, Long> fromCounts = new HashMap<>();
    for (EventCounts.Group g : c.groups()) {
      fromCounts.put(
          g.type() + " " + g.start().atOffset(java.time.ZoneOffset.UTC).getHour(), g.committed());
    }
    fromRows.merge("c 15", 0L, Long::sum);
    assertThat(fromCounts).isEqualTo(fromRows);
    assertThat(c.groups())
        .filteredOn(
            g -> g.type().equals("c") && g.start().equals(Instant.parse("2024-03-01T15:00:00Z")))
        .singleElement()
        .satisfies(g -> assertThat(g.buffered()).isEqualTo(1));
    assertThat(c.files()).isEqualTo(37);

    EventCounts.Counted day =
        service()
            .counts(
                List.of("a"),
                Instant.parse("2024-03-01T00:00:00Z"),
                Instant.parse("2024-03-02T00:00:00Z"),
                EventCounts.GroupBy.parse("day"),
                false);
    assertThat(day.groups())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.committed()).isEqualTo(TestTables.rows(table, "a").size());
              assertThat(g.buffered()).isZero();
            });
  }
}
