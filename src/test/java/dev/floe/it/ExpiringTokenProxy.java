package dev.floe.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the S3 server that enforces the expiry of session tokens, which the S3
 * server itself ignores: a token made by {@link #token(long)} carries its expiry, and a request
 * signed with an expired one is answered {@code 400 ExpiredToken}, as S3 answers, and its
 * connection closed. Every other byte passes unchanged (the signature covers the Host header, so
 * the S3 server checks what the client signed).
 */
final class ExpiringTokenProxy implements AutoCloseable {
  private static final String PREFIX = "floe-it-token-";
  private static final AtomicInteger MINTED = new AtomicInteger();

  private final ServerSocket server;
  private final int targetPort;
  private final AtomicInteger refused = new AtomicInteger();

  private ExpiringTokenProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "expiring-token-proxy");
    t.setDaemon(true);
    t.start();
  }

  static ExpiringTokenProxy start(int targetPort) throws IOException {
    return new ExpiringTokenProxy(targetPort);
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** A session token that expires at {@code expiresAtMillis}. */
  static String token(long expiresAtMillis) {
    return PREFIX + expiresAtMillis + "-" + MINTED.incrementAndGet();
  }

  /** Requests refused for an expired token so far. */
  int refused() {
    return refused.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        daemon(() -> pump(upstream, client));
        daemon(() -> requests(client, upstream));
      } catch (IOException e) {
        // closed
      }
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "expiring-token-proxy-conn");
    t.setDaemon(true);
    t.start();
  }

  private static void pump(Socket from, Socket to) {
    try (from;
        to) {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // one side closed
    }
  }

  /** Reads request after request from the client, checking each one's token. */
  private void requests(Socket client, Socket upstream) {
    try (client;
        upstream) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = upstream.getOutputStream();
      while (true) {
        byte[] head = head(in);
        if (head == null) {
          return;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (expired(header(text, "x-amz-security-token"))) {
          refused.incrementAndGet();
          refuse(client.getOutputStream());
          return;
        }
        out.write(head);
        if ("chunked".equalsIgnoreCase(header(text, "transfer-encoding"))) {
          in.transferTo(out); // cannot find the next request's start: pass the rest as it is
          return;
        }
        String length = header(text, "content-length");
        copy(in, out, length == null ? 0 : Long.parseLong(length.trim()));
        out.flush();
      }
    } catch (IOException e) {
      // one side closed
    }
  }

  private static byte[] head(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int matched = 0;
    int c;
    while ((c = in.read()) != -1) {
      b.write(c);
      matched =
          (c == '\r' && matched % 2 == 0) || (c == '\n' && matched % 2 == 1) ? matched + 1 : 0;
      if (matched == 4) {
        return b.toByteArray();
      }
    }
    return null;
  }

  private static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  private static boolean expired(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return false;
    }
    String rest = token.substring(PREFIX.length());
    return Long.parseLong(rest.substring(0, rest.indexOf('-'))) < System.currentTimeMillis();
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[8192];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        throw new IOException("client closed mid-body");
      }
      out.write(buf, 0, r);
      n -= r;
    }
  }

  private static void refuse(OutputStream client) throws IOException {
    byte[] body =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>ExpiredToken</Code>"
                + "<Message>The provided token has expired.</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 400 Bad Request\r\nContent-Type: application/xml\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    client.write(head.getBytes(StandardCharsets.ISO_8859_1));
    client.write(body);
    client.flush();
  }
}
