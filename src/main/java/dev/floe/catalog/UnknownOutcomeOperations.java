package dev.floe.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.RESTException;
import org.apache.iceberg.exceptions.ServiceFailureException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;

/**
 * Table operations of a REST catalog with the REST spec's rule made strict: a commit that fails
 * without a clear answer (a 5xx, a timeout, a connection lost after the request went out) has an
 * unknown outcome. Iceberg's client maps 500/502/503/504 on commit to {@link
 * CommitStateUnknownException} itself; this also covers I/O failures, which it reports as a plain
 * {@link RESTException} and which would otherwise make Iceberg delete manifests the catalog may
 * already reference.
 */
final class UnknownOutcomeOperations extends ForwardingTableOperations {

  UnknownOutcomeOperations(TableOperations delegate) {
    super(delegate);
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    try {
      delegate.commit(base, metadata);
    } catch (CommitFailedException | CommitStateUnknownException e) {
      throw e;
    } catch (ServiceFailureException | ServiceUnavailableException e) {
      throw new CommitStateUnknownException(e);
    } catch (RESTException | UncheckedIOException e) {
      if (answeredOrNeverSent(e)) {
        throw e; // an HTTP answer that is not a 5xx (401, 403, 400...), or no connection at all
      }
      throw new CommitStateUnknownException(e);
    }
  }

  /**
   * True when the failure has a certain outcome: the catalog answered (no I/O error underneath), or
   * no connection was ever made. An I/O error after connecting leaves the outcome unknown.
   */
  private static boolean answeredOrNeverSent(Throwable e) {
    return Failures.find(e, ConnectException.class) != null
        || Failures.find(e, UnknownHostException.class) != null
        || Failures.find(e, IOException.class) == null;
  }
}
