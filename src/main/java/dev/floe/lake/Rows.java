package dev.floe.lake;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/** Maps an event to a row of the table, every column by name. */
final class Rows {
  private Rows() {}

  static Record toRecord(Schema schema, EventRecord e) {
    GenericRecord r = GenericRecord.create(schema);
    r.setField("id", e.id());
    r.setField("type", e.type());
    r.setField("source", e.source());
    r.setField("specversion", e.specversion());
    r.setField("time", e.time() == null ? null : e.time().atOffset(ZoneOffset.UTC));
    r.setField("subject", e.subject());
    r.setField("datacontenttype", e.datacontenttype());
    r.setField("dataschema", e.dataschema());
    r.setField("data", e.data());
    r.setField("extensions", e.extensions().isEmpty() ? null : e.extensions());
    CloudflareInfo cf = e.cloudflare();
    r.setField("cf_colo", cf.colo());
    r.setField("cf_country", cf.country());
    r.setField("cf_city", cf.city());
    r.setField("cf_continent", cf.continent());
    r.setField("cf_postal_code", cf.postalCode());
    r.setField("cf_region", cf.region());
    r.setField("cf_timezone", cf.timezone());
    r.setField("cf_http_protocol", cf.httpProtocol());
    r.setField("cf_tls_version", cf.tlsVersion());
    r.setField("cf_tls_cipher", cf.tlsCipher());
    ZonedDateTime hour = hourOf(e.partitionTime());
    r.setField("year", hour.getYear());
    r.setField("month", hour.getMonthValue());
    r.setField("day", hour.getDayOfMonth());
    r.setField("hour", hour.getHour());
    return r;
  }

  static ZonedDateTime hourOf(Instant t) {
    return t.atZone(ZoneOffset.UTC);
  }
}
