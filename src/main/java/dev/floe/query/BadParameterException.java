package dev.floe.query;

/** A query parameter that cannot be used as given; the answer is a 400 naming it. */
final class BadParameterException extends RuntimeException {
  private final String parameter;

  BadParameterException(String parameter, String detail) {
    super(detail, null, false, false);
    this.parameter = parameter;
  }

  String parameter() {
    return parameter;
  }
}
