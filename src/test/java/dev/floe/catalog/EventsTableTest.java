package dev.floe.catalog;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class EventsTableTest {

  /** The schema every existing table was created with; field for field, it must not change. */
  private static final Schema SEED =
      new Schema(
          required(1, "id", Types.StringType.get()),
          required(2, "type", Types.StringType.get()),
          required(3, "source", Types.StringType.get()),
          required(4, "specversion", Types.StringType.get()),
          optional(5, "time", Types.TimestampType.withZone()),
          optional(6, "subject", Types.StringType.get()),
          optional(7, "datacontenttype", Types.StringType.get()),
          optional(8, "dataschema", Types.StringType.get()),
          optional(9, "data", Types.StringType.get()),
          optional(
              10,
              "extensions",
              Types.MapType.ofOptional(25, 26, Types.StringType.get(), Types.StringType.get())),
          optional(11, "cf_colo", Types.StringType.get()),
          optional(12, "cf_country", Types.StringType.get()),
          optional(13, "cf_city", Types.StringType.get()),
          optional(14, "cf_continent", Types.StringType.get()),
          optional(15, "cf_postal_code", Types.StringType.get()),
          optional(16, "cf_region", Types.StringType.get()),
          optional(17, "cf_timezone", Types.StringType.get()),
          optional(18, "cf_http_protocol", Types.StringType.get()),
          optional(19, "cf_tls_version", Types.StringType.get()),
          optional(20, "cf_tls_cipher", Types.StringType.get()),
          required(21, "year", Types.IntegerType.get()),
          required(22, "month", Types.IntegerType.get()),
          required(23, "day", Types.IntegerType.get()),
          required(24, "hour", Types.IntegerType.get()));

  @Test
  void theSchemaBuiltFromColumnsIsTheSeedsFieldForField() {
    assertThat(EventsTable.SCHEMA.asStruct()).isEqualTo(SEED.asStruct());
    assertThat(EventsTable.SCHEMA.columns().stream().map(Types.NestedField::name))
        .containsExactlyElementsOf(SEED.columns().stream().map(Types.NestedField::name).toList());
    assertThat(EventsTable.SCHEMA.highestFieldId()).isEqualTo(26);
  }

  @Test
  void partitionsByTypeAndHour() {
    assertThat(
            EventsTable.SPEC.fields().stream()
                .map(f -> EventsTable.SCHEMA.findColumnName(f.sourceId()) + ":" + f.transform()))
        .containsExactly(
            "type:identity", "year:identity", "month:identity", "day:identity", "hour:identity");
  }
}
