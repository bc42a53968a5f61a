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
import dev.floe.testing.TestTables;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filters on promoted columns ({@code FLOE_COLUMNS}): committed rows skip files by the column's
 * bounds, buffered events are filled and filtered as the writer will write them, and a parameter
 * that names no such column or a value of the wrong type is refused naming the parameter.
 */
class PromotedQueryTest {
  private static final Instant HOUR = Instant.parse("2024-05-01T10:15:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path warehouse;
  private static CatalogStrategy catalog;
  private static Map<PartitionKey, List<EventRecord>> buffered = Map.of();

  private static EventRecord event(String id, String userid, String data) {
    return new EventRecord(
        id,
        "order",
        "shop",
        "1.0",
        HOUR,
        null,
        "application/json",
        null,
        data,
        userid == null ? Map.of() : Map.of("userid", userid),
        CloudflareInfo.NONE,
        HOUR);
  }

  @BeforeAll
  static void table() {
    catalog =
        CatalogProducer.create(
            TestTables.settings(warehouse, "floe.columns", "ext.userid:long, data.page:string"));
    TableCommitter c = new TableCommitter(catalog);
    // two commits: users 1-3 in one file, 10-12 in the other, so bounds can skip a file
    for (int commit = 0; commit < 2; commit++) {
      List<EventRecord> events = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        long user = commit * 10L + i;
        events.add(event("e" + user, Long.toString(user), "{\"page\":\"/p" + i + "\"}"));
      }
      String id = "c" + commit;
      c.commit(c.write(List.of(events), id), id, Map.of());
    }
  }

  private static List<JsonNode> query(Map<String, String> columns, boolean withBuffered)
      throws Exception {
    QueryService s =
        new QueryService(
            catalog::table,
            (which, pin, wait) -> new BufferedEvents<>(pin.get(), new LinkedHashMap<>(buffered)),
            QuerySettings.from(k -> Optional.empty()));
    QueryRequest q =
        QueryRequest.parse(
            catalog.table().schema(),
            QuerySettings.from(k -> Optional.empty()),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Boolean.toString(withBuffered),
            columns);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.prepare(q).write(out);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  private static List<String> ids(List<JsonNode> lines) {
    return lines.stream().filter(l -> l.has("id")).map(l -> l.get("id").asText()).toList();
  }

  private static JsonNode stats(List<JsonNode> lines) {
    return lines.get(lines.size() - 1).get("_floe_query");
  }

  @Test
  void aPromotedExtensionFiltersCommittedRowsAndSkipsTheFileWhoseBoundsExcludeIt()
      throws Exception {
    List<JsonNode> answer = query(Map.of("ext_userid", "11"), false);
    assertThat(ids(answer)).containsExactly("e11");
    assertThat(answer.get(0).get("ext_userid").asLong()).isEqualTo(11L);
    assertThat(stats(answer).get("filesPlanned").asInt()).isEqualTo(1);

    List<JsonNode> both = query(Map.of("data_page", "/p2"), false);
    assertThat(ids(both)).containsExactlyInAnyOrder("e2", "e12");
  }

  @Test
  void bufferedEventsAreFilteredByTheirPromotedValuesToo() throws Exception {
    buffered =
        Map.of(
            PartitionKey.of("order", HOUR),
            List.of(event("b1", "11", "{\"page\":\"/x\"}"), event("b2", "99", null)));
    try {
      assertThat(ids(query(Map.of("ext_userid", "11"), true)))
          .containsExactlyInAnyOrder("e11", "b1");
      assertThat(ids(query(Map.of("ext_userid", "99"), true))).containsExactly("b2");
      assertThat(ids(query(Map.of("data_page", "/x"), true))).containsExactly("b1");
    } finally {
      buffered = Map.of();
    }
  }

  @Test
  void anUnknownColumnOrAValueOfTheWrongTypeIsRefusedNamingTheParameter() {
    assertThatThrownBy(() -> query(Map.of("ext_nope", "1"), false))
        .isInstanceOf(BadParameterException.class)
        .hasMessageContaining("ext_nope");
    assertThatThrownBy(() -> query(Map.of("ext_userid", "abc"), false))
        .isInstanceOf(BadParameterException.class)
        .hasMessageContaining("ext_userid")
        .hasMessageContaining("long");
  }
}
