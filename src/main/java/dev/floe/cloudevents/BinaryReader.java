package dev.floe.cloudevents;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.floe.event.EventRecord;
import dev.floe.event.RequestFacts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Base64;
import java.util.Map;

/**
 * Reads a CloudEvent in binary mode (CloudEvents HTTP binding 3.1): attributes from {@code ce-*}
 * headers, percent-decoded; {@code Content-Type} as {@code datacontenttype}; the body as data,
 * stored as JSON text when it is JSON, as a JSON string when it is text, as base64 otherwise.
 */
public final class BinaryReader {
  public static final String HEADER_PREFIX = "ce-";

  private BinaryReader() {}

  /**
   * @param attributes the {@code ce-*} headers, keyed by lower-case name without the prefix, with
   *     their raw (still percent-encoded) values
   * @param contentTypeHeader the raw {@code Content-Type}, or null
   * @param contentType the same, parsed, or null
   */
  public static EventRecord read(
      Map<String, String> attributes,
      String contentTypeHeader,
      ContentType contentType,
      Body body,
      RequestFacts facts) {
    EventDraft d = new EventDraft();
    for (Map.Entry<String, String> header : attributes.entrySet()) {
      String name = header.getKey();
      String value = decode(name, header.getValue());
      switch (name) {
        case "datacontenttype" ->
            throw EventFormatException.invalidEvent(
                "in binary mode 'datacontenttype' is the Content-Type header, not ce-datacontenttype");
        case "data" ->
            throw EventFormatException.invalidEvent(
                "in binary mode the body is the data, not a ce-" + name + " header");
        default -> {
          if (!d.setStringAttribute(name, value)) {
            d.extension(name, value);
          }
        }
      }
    }
    if (contentTypeHeader != null && !contentTypeHeader.isBlank()) {
      d.datacontenttype = contentTypeHeader.trim();
    }
    d.data = data(contentType, body);
    return EventValidator.validate(d, facts);
  }

  private static String data(ContentType contentType, Body body) {
    if (body.isEmpty()) {
      return null;
    }
    if (contentType != null && contentType.isJson()) {
      if (!contentType.isUtf8()) {
        throw EventFormatException.unsupportedMediaType("JSON data must be UTF-8");
      }
      return json(body);
    }
    if (contentType != null && contentType.isText()) {
      return Json.quote(text(contentType, body));
    }
    return Base64.getEncoder()
        .encodeToString(
            body.length() == body.bytes().length
                ? body.bytes()
                : java.util.Arrays.copyOf(body.bytes(), body.length()));
  }

  private static String json(Body body) {
    StructuredReader.checkUtf8(body);
    try (JsonParser p = Json.parser(body)) {
      p.nextToken();
      String text = Json.copyValue(p, body);
      if (p.nextToken() != null) {
        throw EventFormatException.malformed("unexpected content after the JSON data");
      }
      return text;
    } catch (JsonProcessingException e) {
      throw Json.malformed(e);
    } catch (IOException e) {
      throw EventFormatException.malformed("could not read the request body");
    }
  }

  private static String text(ContentType contentType, Body body) {
    Charset charset;
    try {
      charset =
          contentType.isUtf8() ? StandardCharsets.UTF_8 : Charset.forName(contentType.charset());
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw EventFormatException.unsupportedMediaType(
          "charset '" + Text.clip(contentType.charset(), 40) + "' is not supported");
    }
    try {
      return strict(charset).decode(ByteBuffer.wrap(body.bytes(), 0, body.length())).toString();
    } catch (CharacterCodingException e) {
      throw EventFormatException.malformed("request body is not valid " + charset.name() + " text");
    }
  }

  /**
   * A header value percent-decoded per the HTTP binding (3.1.3.2): {@code %XX} escapes and raw
   * octets together form UTF-8, which must be valid.
   */
  static String decode(String name, String raw) {
    if (isPlain(raw)) {
      return raw;
    }
    byte[] bytes = new byte[raw.length()];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (lo < 0) {
          throw badHeader(name, "has a malformed percent-encoding");
        }
        bytes[n++] = (byte) ((hi << 4) | lo);
        i += 2;
      } else if (c <= 0xff) {
        // containers hand header bytes over as ISO-8859-1 chars: this gets the octets back
        bytes[n++] = (byte) c;
      } else {
        throw badHeader(name, "is not valid UTF-8");
      }
    }
    try {
      CharBuffer chars = strict(StandardCharsets.UTF_8).decode(ByteBuffer.wrap(bytes, 0, n));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw badHeader(name, "is not valid UTF-8 once percent-decoded");
    }
  }

  private static boolean isPlain(String raw) {
    for (int i = 0, n = raw.length(); i < n; i++) {
      char c = raw.charAt(i);
      if (c == '%' || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static java.nio.charset.CharsetDecoder strict(Charset charset) {
    return charset
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static EventFormatException badHeader(String name, String what) {
    return EventFormatException.invalidEvent("header ce-" + Text.clip(name, 40) + " " + what);
  }
}
