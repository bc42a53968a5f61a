package dev.floe.catalog;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.StorageCredential;
import org.apache.iceberg.io.SupportsStorageCredentials;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Storage credentials a REST catalog vends with a table expire. This tells when those of a loaded
 * table do ({@code s3.session-token-expires-at-ms}, as the REST spec names it), so the table is
 * loaded again before, and it watches the S3 clients built from them, so an answer that refuses
 * them (expired, revoked, unknown) has the table loaded again too.
 */
final class VendedCredentials {
  /** The catalog property naming whom a table's S3 clients tell of refused credentials. */
  static final String LISTENER = "floe.vended-credentials-listener";

  private static final long MAX_MARGIN_MS = 5 * 60_000;
  private static final Set<String> REFUSALS =
      Set.of(
          "ExpiredToken",
          "InvalidToken",
          "TokenRefreshRequired",
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "AccessDenied");
  private static final Map<String, Runnable> LISTENERS = new ConcurrentHashMap<>();

  private VendedCredentials() {}

  /** Registers what to do when a client's credentials are refused; returns the key to pass. */
  static String listen(Runnable onRefused) {
    String key = UUID.randomUUID().toString();
    LISTENERS.put(key, onRefused);
    return key;
  }

  static void forget(String key) {
    LISTENERS.remove(key);
  }

  /**
   * When a table loaded at {@code loadedAt} should be loaded again: halfway to the earliest expiry
   * of its vended credentials, and at least five minutes before it; never when none expire.
   */
  static long refreshAt(FileIO io, long loadedAt) {
    long expires = expiry(io.properties());
    if (io instanceof SupportsStorageCredentials s && s.credentials() != null) {
      for (StorageCredential c : s.credentials()) {
        expires = Math.min(expires, expiry(c.config()));
      }
    }
    if (expires == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return Math.max(expires - MAX_MARGIN_MS, loadedAt + (expires - loadedAt) / 2);
  }

  private static long expiry(Map<String, String> config) {
    String v = config.get(S3FileIOProperties.SESSION_TOKEN_EXPIRES_AT_MS);
    try {
      return v == null || v.isBlank() ? Long.MAX_VALUE : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** The client, telling the listener under {@code key} (if any) of each refused request. */
  static S3Client watch(S3Client client, String key) {
    if (key == null) {
      return client;
    }
    return (S3Client)
        Proxy.newProxyInstance(
            S3Client.class.getClassLoader(),
            new Class<?>[] {S3Client.class},
            (proxy, method, args) -> {
              try {
                return method.invoke(client, args);
              } catch (InvocationTargetException e) {
                if (refused(e.getCause())) {
                  Runnable r = LISTENERS.get(key);
                  if (r != null) {
                    r.run();
                  }
                }
                throw e.getCause();
              }
            });
  }

  static boolean refused(Throwable t) {
    if (!(t instanceof S3Exception s)) {
      return false;
    }
    String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
    if (code == null) {
      // an answer to HEAD has no body: S3 answers expired credentials there with a bare 400
      return s.statusCode() == 400 || s.statusCode() == 401 || s.statusCode() == 403;
    }
    return s.statusCode() == 401 || s.statusCode() == 403 || REFUSALS.contains(code);
  }
}
