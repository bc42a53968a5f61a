package dev.floe.http;

import jakarta.ws.rs.core.Response;

/** Turns a {@link Problem} into the HTTP answer every error of Floe gets. */
final class Problems {
  private Problems() {}

  static Response.ResponseBuilder response(Problem problem) {
    return Response.status(problem.status())
        .type(Problem.MEDIA_TYPE)
        .entity(problem.toJson())
        .header("Cache-Control", "no-store");
  }

  static Response response(Problem problem, int retryAfterSeconds) {
    Response.ResponseBuilder r = response(problem);
    if (retryAfterSeconds >= 0) {
      r.header("Retry-After", Integer.toString(retryAfterSeconds));
    }
    return r.build();
  }
}
