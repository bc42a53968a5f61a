package dev.floe.catalog;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A few lines of S3 over real HTTP: PUT, GET, HEAD and DELETE of objects in memory, path-style,
 * signatures not checked. By default it honours {@code If-None-Match: *} as S3 does (412 when the
 * key exists); {@link #ignoringConditions()} makes it accept the header and overwrite anyway, as
 * some S3-compatible stores do.
 */
final class FakeS3 implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private volatile boolean ignoreConditions;
  private volatile int conditionalPuts;

  FakeS3() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  FakeS3 ignoringConditions() {
    ignoreConditions = true;
    return this;
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Keys stored, {@code bucket/key}. */
  Map<String, byte[]> objects() {
    return objects;
  }

  /** PUT requests that carried {@code If-None-Match}. */
  int conditionalPuts() {
    return conditionalPuts;
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String key = x.getRequestURI().getPath().substring(1);
      byte[] body = x.getRequestBody().readAllBytes();
      String sha = x.getRequestHeaders().getFirst("x-amz-content-sha256");
      if (sha != null && sha.startsWith("STREAMING-")) {
        body = unchunk(body);
      }
      switch (x.getRequestMethod()) {
        case "PUT" -> {
          boolean ifAbsent = "*".equals(x.getRequestHeaders().getFirst("If-None-Match"));
          if (ifAbsent) {
            conditionalPuts++;
          }
          if (ifAbsent && !ignoreConditions && objects.containsKey(key)) {
            error(x, 412, "PreconditionFailed");
            return;
          }
          objects.put(key, body);
          x.getResponseHeaders().add("ETag", "\"" + Integer.toHexString(body.length) + "\"");
          x.sendResponseHeaders(200, -1);
        }
        case "GET", "HEAD" -> {
          byte[] found = objects.get(key);
          if (found == null) {
            error(x, 404, "NoSuchKey");
            return;
          }
          x.getResponseHeaders().add("ETag", "\"" + Integer.toHexString(found.length) + "\"");
          x.getResponseHeaders().add("Content-Type", "application/octet-stream");
          if (x.getRequestMethod().equals("HEAD")) {
            x.getResponseHeaders().add("Content-Length", Integer.toString(found.length));
            x.sendResponseHeaders(200, -1);
          } else {
            x.sendResponseHeaders(200, found.length);
            try (OutputStream out = x.getResponseBody()) {
              out.write(found);
            }
          }
        }
        case "DELETE" -> {
          objects.remove(key);
          x.sendResponseHeaders(204, -1);
        }
        default -> error(x, 405, "MethodNotAllowed");
      }
    }
  }

  /** The payload of an {@code aws-chunked} body: {@code size;chunk-signature=...CRLF data CRLF}. */
  private static byte[] unchunk(byte[] body) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int i = 0;
    while (i < body.length) {
      int eol = i;
      while (body[eol] != '\r') {
        eol++;
      }
      String header = new String(body, i, eol - i, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(header.split(";")[0], 16);
      if (size == 0) {
        break;
      }
      out.write(body, eol + 2, size);
      i = eol + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static void error(HttpExchange x, int status, String code) throws IOException {
    if (x.getRequestMethod().equals("HEAD")) {
      x.sendResponseHeaders(status, -1);
      return;
    }
    byte[] xml =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code></Error>")
            .getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/xml");
    x.sendResponseHeaders(status, xml.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(xml);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
