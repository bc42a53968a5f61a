package dev.floe.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.data.Record;

/**
 * The seed's payloads, one of each form (structured with Cloudflare headers, batch, binary), and
 * what their rows must hold, column by column, whichever catalog and storage wrote them.
 */
final class SeedEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SeedEvents() {}

  /** Sends four page.view events (ids 123 to 126), in hours 14 and 15 of 2024-01-15. */
  static void send(Http http) throws Exception {
    String single =
        "{\"specversion\":\"1.0\",\"type\":\"page.view\",\"source\":\"website\",\"id\":\"123\","
            + "\"time\":\"2024-01-15T14:30:00Z\",\"data\":{\"page\":\"/home\"},"
            + "\"subject\":\"home\",\"datacontenttype\":\"application/json\","
            + "\"dataschema\":\"https://example.com/s\",\"traceparent\":\"00-ab-01\"}";
    HttpResponse<String> r =
        http.post(
            "events",
            "application/json",
            single,
            "CF-Ray",
            "8a1b2c3d4e5f6789-SJC",
            "CF-IPCountry",
            "US",
            "cf-ipcity",
            "San Jose",
            "cf-ipcontinent",
            "NA",
            "cf-region",
            "California",
            "cf-postal-code",
            "95113",
            "cf-timezone",
            "America/Los_Angeles");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(JSON.readTree(r.body()).get("accepted").asInt()).isEqualTo(1);

    String batch =
        "{\"events\":["
            + Http.event("124", "page.view", "2024-01-15T14:31:00Z")
            + ","
            + Http.event("125", "page.view", "2024-01-15T15:01:00Z")
            + "]}";
    r = http.post("events/batch", "application/json", batch);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(JSON.readTree(r.body()).get("accepted").asInt()).isEqualTo(2);

    r =
        http.post(
            "events",
            "text/plain",
            "hello",
            "ce-specversion",
            "1.0",
            "ce-type",
            "page.view",
            "ce-source",
            "binary%20mode",
            "ce-id",
            "126",
            "ce-time",
            "2024-01-15T14:45:00Z",
            "ce-myext",
            "v%C3%A9");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  /** Checks every column of the rows of {@link #send}, keyed by event id. */
  static void assertRows(Map<String, Record> rows) {
    Record row = rows.get("123");
    assertThat(row.getField("source")).isEqualTo("website");
    assertThat(row.getField("specversion")).isEqualTo("1.0");
    assertThat(((OffsetDateTime) row.getField("time")).toInstant())
        .isEqualTo(Instant.parse("2024-01-15T14:30:00Z"));
    assertThat(row.getField("subject")).isEqualTo("home");
    assertThat(row.getField("datacontenttype")).isEqualTo("application/json");
    assertThat(row.getField("dataschema")).isEqualTo("https://example.com/s");
    assertThat(row.getField("data")).isEqualTo("{\"page\":\"/home\"}");
    assertThat(row.getField("extensions")).isEqualTo(Map.of("traceparent", "00-ab-01"));
    assertThat(row.getField("cf_colo")).isEqualTo("SJC");
    assertThat(row.getField("cf_country")).isEqualTo("US");
    assertThat(row.getField("cf_city")).isEqualTo("San Jose");
    assertThat(row.getField("cf_continent")).isEqualTo("NA");
    assertThat(row.getField("cf_region")).isEqualTo("California");
    assertThat(row.getField("cf_postal_code")).isEqualTo("95113");
    assertThat(row.getField("cf_timezone")).isEqualTo("America/Los_Angeles");
    assertThat(row.getField("cf_http_protocol")).isEqualTo("HTTP/1.1");
    assertThat(row.getField("cf_tls_version")).isNull();
    assertThat(row.getField("cf_tls_cipher")).isNull();
    assertThat(
            List.of(
                row.getField("year"),
                row.getField("month"),
                row.getField("day"),
                row.getField("hour")))
        .containsExactly(2024, 1, 15, 14);

    Record binary = rows.get("126");
    assertThat(binary.getField("source")).isEqualTo("binary mode");
    assertThat(binary.getField("datacontenttype")).isEqualTo("text/plain");
    assertThat(binary.getField("data")).isEqualTo("\"hello\"");
    assertThat(binary.getField("extensions")).isEqualTo(Map.of("myext", "vé"));
    assertThat(binary.getField("cf_country")).isNull();
    assertThat(rows.get("125").getField("hour")).isEqualTo(15);
    assertThat(rows).containsKeys("124");
  }
}
