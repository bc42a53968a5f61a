package dev.floe.cloudevents;

/**
 * Why a request's CloudEvents were refused: the kind (which decides the HTTP status), a detail safe
 * to echo, and the failing event's position in a batch.
 *
 * @param index the failing event's position in a batch, or null
 */
public record Refusal(Kind kind, String detail, Integer index) {

  /** The kinds of refusal, with the status and title an HTTP answer gives each. */
  public enum Kind {
    INVALID_EVENT("invalid-event", "Invalid CloudEvent", 400),
    MALFORMED_BODY("malformed-body", "Malformed request body", 400),
    TOO_LARGE("payload-too-large", "Request too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    TOO_SLOW("request-timeout", "Request body too slow", 408),
    BUSY("server-busy", "Too many bodies being read", 503);

    private final String slug;
    private final String title;
    private final int status;

    Kind(String slug, String title, int status) {
      this.slug = slug;
      this.title = title;
      this.status = status;
    }

    /** The last part of the problem type URI. */
    public String slug() {
      return slug;
    }

    public String title() {
      return title;
    }

    public int status() {
      return status;
    }
  }

  public int status() {
    return kind.status();
  }

  /** The same refusal, about the event at {@code index} of a batch. */
  Refusal at(int index) {
    return new Refusal(kind, "event at index " + index + ": " + detail, index);
  }
}
