package dev.floe.cloudevents;

/**
 * A request body or header that is not a CloudEvent Floe can take, with what kind of refusal it is.
 * Thrown on the request thread for bad input, so it records no stack trace: refusing garbage must
 * stay as cheap as accepting events. The HTTP layer turns it into a problem answer.
 */
public final class EventFormatException extends RuntimeException {
  private final transient Refusal refusal;

  EventFormatException(Refusal refusal) {
    super(refusal.detail(), null, false, false);
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }

  /** The same refusal, about the event at {@code index} of a batch. */
  public EventFormatException at(int index) {
    return new EventFormatException(refusal.at(index));
  }

  public static EventFormatException invalidEvent(String detail) {
    return new EventFormatException(new Refusal(Refusal.Kind.INVALID_EVENT, detail, null));
  }

  public static EventFormatException malformed(String detail) {
    return new EventFormatException(new Refusal(Refusal.Kind.MALFORMED_BODY, detail, null));
  }

  public static EventFormatException tooLarge(String detail) {
    return new EventFormatException(new Refusal(Refusal.Kind.TOO_LARGE, detail, null));
  }

  public static EventFormatException tooSlow(String detail) {
    return new EventFormatException(new Refusal(Refusal.Kind.TOO_SLOW, detail, null));
  }

  public static EventFormatException busy(String detail) {
    return new EventFormatException(new Refusal(Refusal.Kind.BUSY, detail, null));
  }

  public static EventFormatException unsupportedMediaType(String detail) {
    return new EventFormatException(new Refusal(Refusal.Kind.UNSUPPORTED_MEDIA_TYPE, detail, null));
  }
}
