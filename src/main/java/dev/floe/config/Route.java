package dev.floe.config;

import java.util.regex.Pattern;

/**
 * One entry of {@code FLOE_ROUTES}: event types matching the glob {@code pattern} ({@code *} any
 * run of characters, dots included; {@code ?} one character) go to {@code target}.
 */
public record Route(String pattern, RoutedTable target) {

  /** The glob as a regular expression; everything but {@code *} and {@code ?} is literal. */
  static Pattern regex(String glob) {
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        re.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  @Override
  public String toString() {
    return pattern + "=" + target.name();
  }
}
