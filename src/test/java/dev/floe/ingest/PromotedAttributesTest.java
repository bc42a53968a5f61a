package dev.floe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.floe.cloudevents.EventFormatException;
import dev.floe.config.Promotion;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotedAttributesTest {
  private static final PromotedAttributes CHECK =
      new PromotedAttributes(
          List.of(new Promotion("ext", "userid", "long"), new Promotion("data", "n", "int")));

  private static EventRecord event(Map<String, String> ext, String data) {
    return new EventRecord(
        "1",
        "t",
        "s",
        "1.0",
        null,
        null,
        null,
        null,
        data,
        ext,
        CloudflareInfo.NONE,
        Instant.now());
  }

  @Test
  void eventsWhoseValuesFitPass() {
    assertThatCode(
            () ->
                CHECK.check(
                    List.of(event(Map.of("userid", "12"), "{\"n\":3}"), event(Map.of(), null))))
        .doesNotThrowAnyException();
  }

  @Test
  void aValueThatDoesNotFitIsA400NamingTheAttributeAndTheEventOfABatch() {
    EventFormatException single =
        catchThrowableOfType(
            EventFormatException.class,
            () -> CHECK.check(List.of(event(Map.of("userid", "x1"), null))));
    assertThat(single.refusal().status()).isEqualTo(400);
    assertThat(single.refusal().detail())
        .isEqualTo("promoted attribute ext.userid: 'x1' is not a long (FLOE_COLUMNS)");

    EventFormatException batch =
        catchThrowableOfType(
            EventFormatException.class,
            () -> CHECK.check(List.of(event(Map.of(), null), event(Map.of(), "{\"n\":1.5}"))));
    assertThat(batch.refusal().index()).isEqualTo(1);
    assertThat(batch.refusal().detail()).contains("data.n: '1.5' is not a long");
  }

  @Test
  void aValueThatNeedsTheColumnWidenedFitsAndOneBeyondTheWiderTypeDoesNot() {
    assertThatCode(() -> CHECK.check(List.of(event(Map.of(), "{\"n\":3000000000}"))))
        .doesNotThrowAnyException();
    EventFormatException tooBig =
        catchThrowableOfType(
            EventFormatException.class,
            () -> CHECK.check(List.of(event(Map.of(), "{\"n\":99999999999999999999}"))));
    assertThat(tooBig.refusal().detail())
        .contains("data.n: 99999999999999999999 does not fit a long");
  }

  @Test
  void nothingPromotedChecksNothing() {
    assertThatCode(
            () ->
                new PromotedAttributes(List.of())
                    .check(List.of(event(Map.of("userid", "x"), null))))
        .doesNotThrowAnyException();
  }

  @Test
  void withRoutesEachEventIsCheckedAgainstItsTablesColumns() {
    Map<String, String> keys =
        Map.of("floe.routes", "t=web.pv{columns=ext.userid:long}; *=analytics.events");
    PromotedAttributes routed =
        new PromotedAttributes(
            dev.floe.config.FloeSettings.from(k -> java.util.Optional.ofNullable(keys.get(k)))
                .routes());
    EventRecord bad = event(Map.of("userid", "abc"), null); // type t: web.pv promotes userid
    EventFormatException e =
        catchThrowableOfType(EventFormatException.class, () -> routed.check(List.of(bad)));
    assertThat(e).hasMessageContaining("ext.userid");
    EventRecord elsewhere =
        new EventRecord(
            "2",
            "u",
            "s",
            "1.0",
            null,
            null,
            null,
            null,
            null,
            Map.of("userid", "abc"),
            CloudflareInfo.NONE,
            Instant.now());
    assertThatCode(() -> routed.check(List.of(elsewhere))).doesNotThrowAnyException();
  }
}
