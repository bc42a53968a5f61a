package dev.floe.lake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.catalog.CatalogProducer;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import dev.floe.testing.Fixtures;
import dev.floe.testing.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "Query your events" DuckDB blocks, taken from README itself so the two cannot drift, run
 * through DuckDB's JDBC driver against a table Floe's committer wrote in two commits: the partition
 * filters pick the right rows and {@code data} reads as JSON.
 */
class ReadmeQueriesTest {
  private static final Pattern TESTED =
      Pattern.compile(
          "<!-- tested: ReadmeQueriesTest[^>]*-->\\s*```sql\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void readmesDuckDbQueriesReadTheTableFloeWrote() throws Exception {
    writeTable(dir.resolve("data/warehouse"));
    List<String> blocks = testedBlocks();
    assertThat(blocks).hasSize(2);

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      // README's paths are relative to where Floe runs: here, the temporary folder
      st.execute("SET file_search_path = '" + dir + "'");
      assertThat(rows(st, blocks.get(0), "id", "page"))
          .containsExactly(List.of("123", "/home"), List.of("p2", "/pricing"));
      // the folder names' values win over the files' int columns: month reads as '01'
      assertThat(rows(st, blocks.get(1), "type", "year", "month", "day", "hour", "events"))
          .containsExactly(
              List.of("click", "2024", "01", "15", "14", "1"),
              List.of("page.view", "2024", "01", "15", "14", "2"),
              List.of("page.view", "2024", "01", "15", "15", "1"));
    }
  }

  /** Five events in four partitions, over two snapshots, one of them in another month. */
  private static void writeTable(Path warehouse) {
    TableCommitter c = new TableCommitter(CatalogProducer.create(TestTables.settings(warehouse)));
    commit(c, "q1", List.of(Fixtures.PAGE_VIEW), List.of(event("c1", "click", "14:40", "{}")));
    commit(
        c,
        "q2",
        List.of(event("p2", "page.view", "14:45", "{\"page\":\"/pricing\"}")),
        List.of(event("p3", "page.view", "15:05", "{\"page\":\"/docs\"}")),
        List.of(sparse("p4", "2024-02-01T14:30:00Z", "{\"page\":\"/feb\"}")));
  }

  @SafeVarargs
  private static void commit(TableCommitter c, String id, List<EventRecord>... partitions) {
    c.commit(c.write(List.of(partitions), id), id, Map.of());
  }

  private static EventRecord event(String id, String type, String at, String data) {
    return Fixtures.sparse(
        id,
        type,
        "website",
        Instant.parse("2024-01-15T" + at + ":00Z"),
        data,
        CloudflareInfo.NONE,
        Instant.now());
  }

  private static EventRecord sparse(String id, String time, String data) {
    return Fixtures.sparse(
        id, "page.view", "website", Instant.parse(time), data, CloudflareInfo.NONE, Instant.now());
  }

  private static List<String> testedBlocks() throws Exception {
    Matcher m = TESTED.matcher(Files.readString(Path.of("README.md")));
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1).strip().replaceAll(";$", ""));
    }
    return out;
  }

  private static List<List<String>> rows(Statement st, String sql, String... columns)
      throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (String column : columns) {
          row.add(rs.getString(column));
        }
        out.add(row);
      }
    }
    return out;
  }
}
