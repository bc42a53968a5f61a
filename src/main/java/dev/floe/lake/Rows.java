package dev.floe.lake;

import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * Maps the events of one partition to rows of the table. One record is filled again for every
 * event, by column position: the Parquet writer consumes a row before the next is handed over, so a
 * flush allocates no record and looks up no column name per event. The hour columns are the
 * partition's, set once.
 */
final class Rows {
  private static final String[] CF_COLUMNS = {
    "cf_colo",
    "cf_country",
    "cf_city",
    "cf_continent",
    "cf_postal_code",
    "cf_region",
    "cf_timezone",
    "cf_http_protocol",
    "cf_tls_version",
    "cf_tls_cipher"
  };

  private final GenericRecord row;
  private final int id;
  private final int type;
  private final int source;
  private final int specversion;
  private final int time;
  private final int subject;
  private final int datacontenttype;
  private final int dataschema;
  private final int data;
  private final int extensions;
  private final int[] cf;

  /** Rows of the partition whose events have {@code partitionTime}'s hour. */
  Rows(Schema schema, Instant partitionTime) {
    row = GenericRecord.create(schema);
    id = position(schema, "id");
    type = position(schema, "type");
    source = position(schema, "source");
    specversion = position(schema, "specversion");
    time = position(schema, "time");
    subject = position(schema, "subject");
    datacontenttype = position(schema, "datacontenttype");
    dataschema = position(schema, "dataschema");
    data = position(schema, "data");
    extensions = position(schema, "extensions");
    cf = new int[CF_COLUMNS.length];
    for (int i = 0; i < cf.length; i++) {
      cf[i] = position(schema, CF_COLUMNS[i]);
    }
    ZonedDateTime hour = hourOf(partitionTime);
    row.setField("year", hour.getYear());
    row.setField("month", hour.getMonthValue());
    row.setField("day", hour.getDayOfMonth());
    row.setField("hour", hour.getHour());
  }

  private static int position(Schema schema, String column) {
    int p = schema.columns().indexOf(schema.findField(column));
    if (p < 0) {
      throw new IllegalStateException("the table has no column " + column);
    }
    return p;
  }

  /** The row of {@code e}, valid until the next call. */
  Record of(EventRecord e) {
    row.set(id, e.id());
    row.set(type, e.type());
    row.set(source, e.source());
    row.set(specversion, e.specversion());
    row.set(time, e.time() == null ? null : e.time().atOffset(ZoneOffset.UTC));
    row.set(subject, e.subject());
    row.set(datacontenttype, e.datacontenttype());
    row.set(dataschema, e.dataschema());
    row.set(data, e.data());
    row.set(extensions, e.extensions().isEmpty() ? null : e.extensions());
    CloudflareInfo c = e.cloudflare();
    row.set(cf[0], c.colo());
    row.set(cf[1], c.country());
    row.set(cf[2], c.city());
    row.set(cf[3], c.continent());
    row.set(cf[4], c.postalCode());
    row.set(cf[5], c.region());
    row.set(cf[6], c.timezone());
    row.set(cf[7], c.httpProtocol());
    row.set(cf[8], c.tlsVersion());
    row.set(cf[9], c.tlsCipher());
    return row;
  }

  static ZonedDateTime hourOf(Instant t) {
    return t.atZone(ZoneOffset.UTC);
  }
}
