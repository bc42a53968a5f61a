package dev.floe.http;

/**
 * A refusal a resource answers with a problem (and {@code Retry-After} when given). Thrown on the
 * request thread, so it records no stack trace.
 */
public final class ProblemException extends RuntimeException {
  private final transient Problem problem;
  private final int retryAfterSeconds;

  public ProblemException(Problem problem, int retryAfterSeconds) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 403: the caller is known but may not do this. */
  public static ProblemException forbidden(String detail) {
    return new ProblemException(
        new Problem(Problem.BASE + "forbidden", "Forbidden", 403, detail, null), -1);
  }

  /** 400: a query parameter or header of the request has a value Floe does not know. */
  public static ProblemException badRequest(String detail) {
    return new ProblemException(
        new Problem(Problem.BASE + "bad-request", "Bad request", 400, detail, null), -1);
  }

  /** 429: the client sends faster than it may. */
  public static ProblemException tooManyRequests(String detail, int retryAfterSeconds) {
    return new ProblemException(
        new Problem(Problem.BASE + "too-many-requests", "Too many requests", 429, detail, null),
        retryAfterSeconds);
  }

  /**
   * 400: the event's type matches no route of {@code FLOE_ROUTES}, which has no catch-all; {@code
   * index} is the event's in a batch, or null.
   */
  public static ProblemException unroutedEventType(String detail, Integer index) {
    return new ProblemException(
        new Problem(
            Problem.BASE + "unrouted-event-type", "Unrouted event type", 400, detail, index),
        -1);
  }

  Problem problem() {
    return problem;
  }

  int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
