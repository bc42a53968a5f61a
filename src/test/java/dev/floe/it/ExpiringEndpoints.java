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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Storage access that expires, for a catalog fixture to vend: each {@link #open(long)} makes a new
 * endpoint (a TCP proxy on its own loopback port in front of the S3 server) that passes requests
 * until its expiry and then answers each one {@code 400 ExpiredToken}, as S3 answers a request
 * signed with expired session credentials. (The S3 server of the tests takes no session tokens, so
 * the expiry travels with the endpoint instead of a token.) Bytes pass unchanged: the S3 server
 * checks the signature over the Host header the client signed.
 */
final class ExpiringEndpoints implements AutoCloseable {
  private final int targetPort;
  private final AtomicInteger refused = new AtomicInteger();
  private final List<ServerSocket> listeners = new CopyOnWriteArrayList<>();

  ExpiringEndpoints(int targetPort) {
    this.targetPort = targetPort;
  }

  /** A new endpoint URL that works until {@code expiresAtMillis}. */
  String open(long expiresAtMillis) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      listeners.add(server);
      daemon(() -> acceptLoop(server, expiresAtMillis));
      return "http://127.0.0.1:" + server.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Requests refused as expired so far. */
  int refused() {
    return refused.get();
  }

  @Override
  public void close() throws IOException {
    for (ServerSocket s : listeners) {
      s.close();
    }
  }

  private void acceptLoop(ServerSocket server, long expiresAt) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        daemon(() -> pump(upstream, client));
        daemon(() -> requests(client, upstream, expiresAt));
      } catch (IOException e) {
        // closed
      }
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "expiring-endpoint");
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

  /** Reads request after request from the client, refusing each one past the expiry. */
  private void requests(Socket client, Socket upstream, long expiresAt) {
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
        boolean chunked = "chunked".equalsIgnoreCase(header(text, "transfer-encoding"));
        String length = header(text, "content-length");
        long bodyBytes = length == null ? 0 : Long.parseLong(length.trim());
        if (System.currentTimeMillis() > expiresAt) {
          refused.incrementAndGet();
          if (!chunked) {
            copy(in, OutputStream.nullOutputStream(), bodyBytes); // so the client reads the answer
          }
          refuse(client.getOutputStream());
          return;
        }
        out.write(head);
        if (chunked) {
          in.transferTo(out); // cannot find the next request's start: pass the rest as it is
          return;
        }
        copy(in, out, bodyBytes);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed
    }
  }

  private static byte[] head(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      b.write(c);
      int n = b.size();
      if (n >= 4) {
        byte[] a = b.toByteArray();
        if (a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
          return a;
        }
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
