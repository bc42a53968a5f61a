package dev.floe.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnsTest {

  @Test
  void everyCloudflareFactReadsBackWhatOfPutInItsPlace() {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < Columns.CLOUDFLARE.size(); i++) {
      values.add("fact-" + i);
    }
    CloudflareInfo info = CloudflareInfo.of(values);
    for (int i = 0; i < Columns.CLOUDFLARE.size(); i++) {
      assertThat(Columns.CLOUDFLARE.get(i).value().apply(info)).isEqualTo("fact-" + i);
    }
    assertThat(CloudflareInfo.of(Arrays.asList(new String[Columns.CLOUDFLARE.size()])))
        .isSameAs(CloudflareInfo.NONE);
  }

  @Test
  void columnsHaveUniqueIdsAndNames() {
    List<Integer> ids = new ArrayList<>();
    for (Columns.Column c : Columns.ALL) {
      ids.add(c.id());
      ids.addAll(c.innerIds());
    }
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(Columns.ALL.stream().map(Columns.Column::name)).doesNotHaveDuplicates();
  }

  @Test
  void valuesComeFromTheEvent() {
    EventRecord e =
        Fixtures.sparse(
            "1",
            "page.view",
            "s",
            null,
            null,
            new CloudflareInfo("SJC", "US", null, null, null, null, null, "HTTP/2", null, null),
            Instant.parse("2024-01-15T14:30:01Z"));
    assertThat(value("type", e)).isEqualTo("page.view");
    assertThat(value("time", e)).isNull();
    assertThat(value("extensions", e)).as("no extensions are stored as null").isNull();
    assertThat(value("cf_colo", e)).isEqualTo("SJC");
    assertThat(value("cf_http_protocol", e)).isEqualTo("HTTP/2");
    assertThat(List.of(value("year", e), value("month", e), value("day", e), value("hour", e)))
        .as("the hour of the receive time, as the event has no time")
        .containsExactly(2024, 1, 15, 14);
  }

  @Test
  void cloudflareFactsCountTowardsTheEventsSize() {
    EventRecord bare =
        Fixtures.sparse("1", "t", "s", null, null, CloudflareInfo.NONE, Instant.EPOCH);
    CloudflareInfo one =
        new CloudflareInfo(null, null, null, null, null, null, null, null, null, "x".repeat(10));
    EventRecord withCipher = Fixtures.sparse("1", "t", "s", null, null, one, Instant.EPOCH);
    assertThat(withCipher.estimatedBytes() - bare.estimatedBytes()).isEqualTo(40 + 2 * 10);
  }

  private static Object value(String name, EventRecord e) {
    return Columns.ALL.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow()
        .value()
        .apply(e);
  }
}
