package dev.floe.catalog;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns AWS SDK failures into messages an operator can act on. They are built from status codes,
 * error codes and the endpoint only: never from the request, which carries the signature, and never
 * from the server's message text, which some servers fill with the string that was signed.
 */
final class S3Errors {
  private S3Errors() {}

  /** A one-line reason for health checks and logs. */
  static String describe(Throwable e, String endpoint, String bucket) {
    S3Exception s3 = Failures.find(e, S3Exception.class);
    if (s3 != null) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      int status = s3.statusCode();
      String what = status + (code == null || code.isEmpty() ? "" : " " + code);
      if ("NoSuchBucket".equals(code) || (status == 404 && code == null)) {
        return "bucket '" + bucket + "' does not exist at " + endpoint + " (" + what + ")";
      }
      if (status == 401 || status == 403) {
        return "storage at "
            + endpoint
            + " rejected the credentials or their permissions for bucket '"
            + bucket
            + "' ("
            + what
            + ")";
      }
      return "storage at " + endpoint + " answered " + what;
    }
    if (Failures.find(e, ConnectException.class) != null
        || Failures.find(e, NoRouteToHostException.class) != null) {
      return "cannot connect to storage at " + endpoint + " (connection refused)";
    }
    if (Failures.find(e, UnknownHostException.class) != null) {
      return "cannot resolve the storage host of " + endpoint;
    }
    if (Failures.find(e, SocketTimeoutException.class) != null
        || Failures.find(e, ApiCallTimeoutException.class) != null) {
      return "storage at " + endpoint + " did not answer in time";
    }
    return "storage at " + endpoint + " failed: " + e.getClass().getSimpleName();
  }

  /**
   * True when a failed write certainly did not store anything: the server answered with a client
   * error, or no connection was ever made. Timeouts, 5xx answers and broken connections are not
   * certain: the server may have stored the object and lost the answer.
   */
  static boolean certainlyNotWritten(Throwable e) {
    S3Exception s3 = Failures.find(e, S3Exception.class);
    if (s3 != null) {
      int status = s3.statusCode();
      return status >= 400 && status < 500 && status != 408;
    }
    return Failures.find(e, ConnectException.class) != null
        || Failures.find(e, UnknownHostException.class) != null;
  }

  /** True for the answers of a conditional write that lost: 412, or 409 for a concurrent one. */
  static boolean preconditionFailed(SdkException e) {
    return e instanceof S3Exception s3 && (s3.statusCode() == 412 || s3.statusCode() == 409);
  }

  /** True when the object is not there (404 on GET or HEAD, on an existing bucket). */
  static boolean notFound(SdkException e) {
    if (!(e instanceof S3Exception s3) || s3.statusCode() != 404) {
      return false;
    }
    String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
    return !"NoSuchBucket".equals(code);
  }
}
