package dev.floe.catalog;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NoSuchWarehouseException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.ServiceFailureException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;

/**
 * Reasons for REST catalog failures that tell an operator what to fix: a token problem (401/403), a
 * catalog that is not there (connection refused, unknown host), or one that is failing (5xx).
 */
final class RestErrors {
  private RestErrors() {}

  static String describe(Throwable e, String endpoint, Redactor redactor) {
    String at = "catalog at " + endpoint;
    if (Failures.find(e, NotAuthorizedException.class) != null) {
      return at + " rejected the token (401 Unauthorized); check R2_CATALOG_AUTH_TOKEN";
    }
    if (Failures.find(e, ForbiddenException.class) != null) {
      return at + " refused access (403 Forbidden); the token lacks permission for the warehouse";
    }
    if (Failures.find(e, NoSuchWarehouseException.class) != null) {
      return at + " does not know the warehouse; check ICEBERG_WAREHOUSE";
    }
    if (Failures.find(e, ConnectException.class) != null) {
      return "cannot connect to " + at + " (connection refused)";
    }
    if (Failures.find(e, UnknownHostException.class) != null) {
      return "cannot resolve the host of " + at;
    }
    if (Failures.find(e, SocketTimeoutException.class) != null) {
      return at + " did not answer in time";
    }
    ServiceUnavailableException unavailable = Failures.find(e, ServiceUnavailableException.class);
    if (unavailable != null) {
      return at + " is unavailable (503): " + redactor.redact(unavailable.getMessage());
    }
    ServiceFailureException failed = Failures.find(e, ServiceFailureException.class);
    if (failed != null) {
      return at + " failed (5xx): " + redactor.redact(failed.getMessage());
    }
    return at + " failed: " + e.getClass().getSimpleName() + ": " + redactor.redact(e.getMessage());
  }
}
