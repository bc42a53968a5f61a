package dev.floe.ingest;

/**
 * A request Floe refuses, carrying the problem to answer with. Thrown on the request thread for bad
 * input, so it records no stack trace: refusing garbage must stay as cheap as accepting events.
 */
class ProblemException extends RuntimeException {
  private final transient Problem problem;
  private final int retryAfterSeconds;

  ProblemException(Problem problem) {
    this(problem, -1);
  }

  ProblemException(Problem problem, int retryAfterSeconds) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  Problem problem() {
    return problem;
  }

  /** Seconds for a {@code Retry-After} header, or -1 for none. */
  int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The same refusal, about the event at {@code index} of a batch. */
  ProblemException at(int index) {
    return new ProblemException(problem.at(index), retryAfterSeconds);
  }

  static ProblemException invalidEvent(String detail) {
    return new ProblemException(
        new Problem(Problem.INVALID_EVENT, "Invalid CloudEvent", 400, detail, null));
  }

  static ProblemException malformed(String detail) {
    return new ProblemException(
        new Problem(Problem.MALFORMED_BODY, "Malformed request body", 400, detail, null));
  }

  static ProblemException tooLarge(String detail) {
    return new ProblemException(
        new Problem(Problem.TOO_LARGE, "Request too large", 413, detail, null));
  }

  static ProblemException unsupportedMediaType(String detail) {
    return new ProblemException(
        new Problem(Problem.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", 415, detail, null));
  }
}
