package dev.floe.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.event.Columns.Kind;
import dev.floe.event.PromotedColumn.Source;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromotedValuesTest {
  private static final PromotedColumn USER = new PromotedColumn(Source.EXT, "userid", Kind.LONG);
  private static final PromotedColumn PAGE = new PromotedColumn(Source.DATA, "page", Kind.STRING);
  private static final PromotedColumn AMOUNT =
      new PromotedColumn(Source.DATA, "amount", Kind.DOUBLE);
  private static final PromotedColumn COUNT = new PromotedColumn(Source.DATA, "count", Kind.INT);

  private static EventRecord event(Map<String, String> extensions, String data) {
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
        extensions,
        CloudflareInfo.NONE,
        Instant.now());
  }

  private static Object[] read(List<PromotedColumn> columns, EventRecord e, boolean strict) {
    Object[] out = new Object[columns.size()];
    new PromotedValues(columns).read(e, out, strict);
    return out;
  }

  @Test
  void readsExtensionsAndTopLevelDataFieldsAsTheirColumnsKinds() {
    EventRecord e =
        event(
            Map.of("userid", "42"),
            "{\"nested\":{\"page\":\"no\"},\"page\":\"/home\",\"list\":[1,2],\"amount\":12.5,"
                + "\"count\":7}");
    assertThat(read(List.of(USER, PAGE, AMOUNT, COUNT), e, true))
        .containsExactly(42L, "/home", 12.5, 7);
  }

  @Test
  void absentValuesAndDataThatIsNoObjectAreNull() {
    assertThat(read(List.of(USER, PAGE), event(Map.of(), "\"just text\""), true))
        .containsExactly(null, null);
    assertThat(read(List.of(PAGE), event(Map.of(), "eyJwYWdlIjoxfQ=="), true)).containsOnlyNulls();
    assertThat(read(List.of(PAGE, AMOUNT), event(Map.of(), "{\"amount\":null}"), true))
        .containsOnlyNulls();
  }

  @Test
  void aValueThatDoesNotFitIsRefusedNamingTheAttributeWhenStrict() {
    assertThatThrownBy(() -> read(List.of(USER), event(Map.of("userid", "abc"), null), true))
        .isInstanceOf(UnfitValueException.class)
        .hasMessage("ext.userid: 'abc' is not a long")
        .extracting(x -> ((UnfitValueException) x).attribute())
        .isEqualTo("ext.userid");
    assertThatThrownBy(() -> read(List.of(COUNT), event(Map.of(), "{\"count\":3000000000}"), true))
        .hasMessage("data.count: 3000000000 does not fit an int");
    assertThatThrownBy(() -> read(List.of(AMOUNT), event(Map.of(), "{\"amount\":\"x\"}"), true))
        .hasMessage("data.amount: 'x' is not a double");
    assertThatThrownBy(() -> read(List.of(PAGE), event(Map.of(), "{\"page\":{\"a\":1}}"), true))
        .hasMessage("data.page: is an object, not a string");
    assertThatThrownBy(
            () ->
                read(
                    List.of(new PromotedColumn(Source.EXT, "big", Kind.FLOAT)),
                    event(Map.of("big", "1e300"), null),
                    true))
        .hasMessage("ext.big: 1e300 does not fit a float");
  }

  @Test
  void aValueThatDoesNotFitIsNullWhenLenientAndTheOthersAreStillRead() {
    EventRecord e = event(Map.of("userid", "abc"), "{\"count\":[1],\"page\":\"/p\"}");
    assertThat(read(List.of(USER, COUNT, PAGE), e, false)).containsExactly(null, null, "/p");
  }

  @Test
  void scalarsOfDataAreTheirTextInAStringColumnAndNumbersInAWiderColumn() {
    EventRecord e = event(Map.of("flag", "true"), "{\"page\":17,\"amount\":3}");
    PromotedColumn flag = new PromotedColumn(Source.EXT, "flag", Kind.BOOLEAN);
    assertThat(read(List.of(PAGE, AMOUNT, flag), e, true)).containsExactly("17", 3.0, true);
  }

  @Test
  void aColumnNamedExtOrDataIsAPromotedColumn() {
    assertThat(PromotedColumn.ofColumn("ext_userid", Kind.LONG)).contains(USER);
    assertThat(PromotedColumn.ofColumn("data_page", Kind.STRING)).contains(PAGE);
    assertThat(PromotedColumn.ofColumn("note", Kind.STRING)).isEmpty();
    assertThat(PromotedColumn.ofColumn("ext_", Kind.STRING)).isEmpty();
    assertThat(USER.column()).isEqualTo("ext_userid");
  }
}
