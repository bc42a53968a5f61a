package dev.floe.ingest;

import dev.floe.http.Problem;
import dev.floe.http.ProblemException;
import dev.floe.http.ProblemExceptionMapper;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The answer of a request under {@code FLOE_ACK=commit}: a stage that turns into the 2xx once the
 * commit holding the request's events landed, or into a 503 with {@code Retry-After} when that
 * takes longer than {@code FLOE_ACK_TIMEOUT_MS} or Floe stops first. The request holds no thread
 * meanwhile: the resource returns the stage and the server suspends the request until it completes.
 */
final class CommitAck {
  static final String NOT_COMMITTED = "https://floe.dev/problems/not-committed";
  private static final int RETRY_AFTER_SECONDS = 5;
  private static final ProblemExceptionMapper PROBLEMS = new ProblemExceptionMapper();

  private final long timeoutMillis;
  private final Executor answering;

  /**
   * @param answering where the answer is written back: never the flusher's thread, which completes
   *     the commit futures and must go on flushing
   */
  CommitAck(long timeoutMillis, Executor answering) {
    this.timeoutMillis = timeoutMillis;
    this.answering =
        task -> {
          try {
            answering.execute(task);
          } catch (RejectedExecutionException e) {
            task.run(); // shutting down: the final flush's waiters are still answered
          }
        };
  }

  /** The stage the resource returns: {@code accepted} once {@code committed} completes. */
  CompletionStage<Response> answer(CompletableFuture<Void> committed, Response accepted) {
    // a copy: the timeout ends this request's wait, not the wait itself
    return committed
        .copy()
        .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .handleAsync((done, failure) -> failure == null ? accepted : refused(failure), answering);
  }

  private Response refused(Throwable failure) {
    String why =
        failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException
            ? "the events were not in a committed snapshot within FLOE_ACK_TIMEOUT_MS ("
                + timeoutMillis
                + " ms): storage or catalog is slow or down"
            : "Floe stopped before the events were committed";
    return PROBLEMS.toResponse(
        new ProblemException(
            new Problem(
                NOT_COMMITTED,
                "Not committed yet",
                503,
                why
                    + ". They were accepted and may still land: a retry with the same source and"
                    + " id is dropped as a duplicate when FLOE_DEDUP_WINDOW is set, and may be"
                    + " stored twice otherwise",
                null),
            RETRY_AFTER_SECONDS));
  }
}
