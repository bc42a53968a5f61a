package dev.floe.http;

import dev.floe.cloudevents.EventFormatException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a refused CloudEvent with its problem. */
@Provider
public class EventFormatExceptionMapper implements ExceptionMapper<EventFormatException> {
  @Override
  public Response toResponse(EventFormatException e) {
    return Problems.response(Problem.of(e.refusal()), e.refusal().status() == 503 ? 1 : -1);
  }
}
