package dev.floe.catalog;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The few operations a direct catalog needs from storage to keep {@code vN.metadata.json} files and
 * a pointer to the current one. Creating a version must be atomic: of two writers racing for the
 * same N, exactly one succeeds.
 */
interface MetadataStore {

  /** Location (URI) of the metadata file of version {@code version}. */
  String versionLocation(int version);

  /** The version the pointer names, if there is a pointer. It may be stale; callers probe on. */
  OptionalInt readPointer() throws IOException;

  boolean exists(int version) throws IOException;

  /** The bytes of version {@code version}, or empty when there is no such version. */
  Optional<byte[]> read(int version) throws IOException;

  /**
   * Writes version {@code version} unless it exists; false when another writer got there first.
   * Throws {@link WriteRejectedException} when the version was certainly not written; after any
   * other exception the outcome is unknown.
   */
  boolean createVersion(int version, byte[] content) throws IOException;

  /** Points readers at {@code version}. Not atomic with {@link #createVersion}; readers probe. */
  void writePointer(int version) throws IOException;

  /**
   * Finds out whether creating is really atomic here: creates a throwaway object, then creates it
   * again the same way, which must be refused. Empty when it was; else the reason, naming the store
   * (some S3-compatible stores accept {@code If-None-Match} and overwrite anyway).
   */
  Optional<String> checkConditionalCreate() throws IOException;
}
