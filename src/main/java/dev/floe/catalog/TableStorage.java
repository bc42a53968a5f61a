package dev.floe.catalog;

import java.io.IOException;
import java.util.List;
import org.apache.iceberg.io.FileIO;

/**
 * Where a table's files live: a local folder or an S3-compatible bucket. Gives Iceberg its {@link
 * FileIO}, the direct catalog its {@link MetadataStore}, and the debug API its listing.
 */
interface TableStorage {

  /** {@code local} or {@code s3}. */
  String kind();

  FileIO io();

  MetadataStore metadata();

  /** The table's root location as Iceberg writes it: {@code file:/...} or {@code s3://...}. */
  String tableLocation();

  /**
   * Writes {@code bytes} at {@code location} in one step: a reader sees the old content or the new,
   * never part of it (one PUT in a bucket; a renamed temporary file in a folder).
   */
  default void replace(String location, byte[] bytes) throws IOException {
    try (java.io.OutputStream out = io().newOutputFile(location).createOrOverwrite()) {
      out.write(bytes);
    }
  }

  /** Throws when storage cannot be reached; the message names the problem, never a secret. */
  void check() throws IOException;

  /** Objects under the table location, sorted by key, after {@code after} (exclusive). */
  List<StoredObject> list(String after, int limit) throws IOException;

  /**
   * Runs every kind of request a flush makes once, so their classes are loaded while the
   * application's class loader is open (see {@code dev.floe.buffer.Warmup}). Best effort.
   */
  default void warmUp() {}

  /**
   * The same storage (folder or bucket, client and credentials) for the table at {@code location};
   * closing the original closes the shared client.
   */
  default TableStorage at(String location) {
    throw new UnsupportedOperationException(kind() + " storage serves one table");
  }

  /** Lets go of clients and their threads; the application is stopping. */
  default void close() {}
}
