package dev.floe.floor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/**
 * The floor of the benchmark: the same request shape as Floe's ingest, every JSON token read with
 * the same parser, objects at depth one counted as events, and nothing else done.
 */
@ApplicationPath("/")
public class Floor extends Application {

  @Path("events")
  @ApplicationScoped
  public static class Events {
    private static final JsonFactory JSON = new JsonFactory();

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response single(InputStream body) throws IOException {
      return accepted(count(body));
    }

    @POST
    @Path("batch")
    @Consumes(MediaType.WILDCARD)
    public Response batch(InputStream body) throws IOException {
      return accepted(count(body));
    }

    /** Events in the body: a single object is one; in a batch, the objects in its array. */
    private static int count(InputStream body) throws IOException {
      int inArrays = 0;
      try (JsonParser p = JSON.createParser(body)) {
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
          if (t == JsonToken.START_OBJECT && p.getParsingContext().getParent().inArray()) {
            inArrays++;
          } else if (t == JsonToken.VALUE_STRING) {
            p.getText(); // materialise strings, as reading an event does
          }
        }
      }
      return Math.max(1, inArrays);
    }

    private static Response accepted(int n) {
      return Response.accepted("{\"accepted\":" + n + "}").type(MediaType.APPLICATION_JSON).build();
    }
  }
}
