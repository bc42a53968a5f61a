package dev.floe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.iceberg.data.Record;

/** Checks that a row read back from the table holds {@link Fixtures#PAGE_VIEW}'s columns. */
public final class PageViewRow {
  private PageViewRow() {}

  /**
   * Every column but {@code id} and {@code time}, which callers vary or check in their own way; the
   * partition columns are those of the page view's hour.
   */
  public static void assertColumns(Record row) {
    assertThat(row.getField("type")).isEqualTo("page.view");
    assertThat(row.getField("source")).isEqualTo("website");
    assertThat(row.getField("specversion")).isEqualTo("1.0");
    assertThat(row.getField("subject")).isEqualTo("home");
    assertThat(row.getField("datacontenttype")).isEqualTo("application/json");
    assertThat(row.getField("dataschema")).isEqualTo("https://example.com/schema");
    assertThat(row.getField("data")).isEqualTo("{\"page\":\"/home\"}");
    assertThat(row.getField("extensions")).isEqualTo(Map.of("traceparent", "00-abc-01"));
    assertThat(row.getField("cf_colo")).isEqualTo("SJC");
    assertThat(row.getField("cf_country")).isEqualTo("US");
    assertThat(row.getField("cf_city")).isEqualTo("San Jose");
    assertThat(row.getField("cf_continent")).isEqualTo("NA");
    assertThat(row.getField("cf_postal_code")).isEqualTo("95113");
    assertThat(row.getField("cf_region")).isEqualTo("California");
    assertThat(row.getField("cf_timezone")).isEqualTo("America/Los_Angeles");
    assertThat(row.getField("cf_http_protocol")).isEqualTo("HTTP/2");
    assertThat(row.getField("cf_tls_version")).isEqualTo("TLSv1.3");
    assertThat(row.getField("cf_tls_cipher")).isEqualTo("AEAD-AES128-GCM-SHA256");
    assertThat(row.getField("year")).isEqualTo(2024);
    assertThat(row.getField("month")).isEqualTo(1);
    assertThat(row.getField("day")).isEqualTo(15);
    assertThat(row.getField("hour")).isEqualTo(14);
  }
}
