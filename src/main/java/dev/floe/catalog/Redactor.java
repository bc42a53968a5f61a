package dev.floe.catalog;

import java.util.List;
import java.util.stream.Stream;

/**
 * Masks secrets in text that came from elsewhere (a server's error message may echo a header). Floe
 * builds its own messages without secrets; this is the second line of defence.
 */
final class Redactor {
  private final List<String> secrets;

  Redactor(String... secrets) {
    // short values would mask ordinary words; real tokens and keys are long
    this.secrets = Stream.of(secrets).filter(s -> s != null && s.length() >= 8).toList();
  }

  String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, "****");
    }
    return out;
  }
}
