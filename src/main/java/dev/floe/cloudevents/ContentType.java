package dev.floe.cloudevents;

import java.util.Locale;

/**
 * A parsed {@code Content-Type}: lower-cased type and subtype, and the charset parameter (the only
 * one ingest cares about).
 *
 * @param charset lower-cased, or null when absent
 */
public record ContentType(String type, String subtype, String charset) {

  /** The header parsed, or null when it is absent or blank; 415 when it is not a media type. */
  public static ContentType parse(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    int semi = header.indexOf(';');
    String essence = (semi < 0 ? header : header.substring(0, semi)).trim();
    int slash = essence.indexOf('/');
    if (slash <= 0 || slash == essence.length() - 1 || essence.indexOf('/', slash + 1) >= 0) {
      throw EventFormatException.unsupportedMediaType(
          "Content-Type '" + Text.clip(header, 80) + "' is not a media type");
    }
    String type = essence.substring(0, slash).trim().toLowerCase(Locale.ROOT);
    String subtype = essence.substring(slash + 1).trim().toLowerCase(Locale.ROOT);
    String charset = semi < 0 ? null : charset(header.substring(semi + 1));
    return new ContentType(type, subtype, charset);
  }

  private static String charset(String params) {
    for (String param : params.split(";")) {
      int eq = param.indexOf('=');
      if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("charset")) {
        String value = param.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value.toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  public boolean is(String type, String subtype) {
    return this.type.equals(type) && this.subtype.equals(subtype);
  }

  /** {@code application/json} or any {@code +json} type. */
  boolean isJson() {
    return (type.equals("application") && subtype.equals("json")) || subtype.endsWith("+json");
  }

  boolean isText() {
    return type.equals("text");
  }

  /** True when the charset is absent or UTF-8, the only encoding of JSON on the wire. */
  public boolean isUtf8() {
    return charset == null || charset.equals("utf-8") || charset.equals("utf8");
  }

  /** The essence, e.g. {@code application/json}, for messages. */
  public String essence() {
    return type + "/" + subtype;
  }
}
