package dev.floe.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.LocationProviders;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Table operations for a catalog that is nothing but metadata files: version N+1 is committed by
 * creating {@code v(N+1).metadata.json} only if it does not exist yet. The loser of a race gets
 * {@link CommitFailedException}, and Iceberg's commit retry refreshes and re-applies its change.
 */
final class DirectTableOperations implements TableOperations {
  private static final Logger LOG = Logger.getLogger(DirectTableOperations.class.getName());
  private static final int MAX_PROBES = 16;
  private static final Pattern VERSION_FILE = Pattern.compile("v(\\d{1,9})\\.metadata\\.json");

  private final FileIO io;
  private final MetadataStore store;
  private final ConditionalCreateCheck check;
  private volatile TableMetadata current;
  private volatile int version;
  private volatile boolean loaded;

  DirectTableOperations(FileIO io, MetadataStore store) {
    this(io, store, new ConditionalCreateCheck(store, false));
  }

  DirectTableOperations(FileIO io, MetadataStore store, ConditionalCreateCheck check) {
    this.io = io;
    this.store = store;
    this.check = check;
  }

  @Override
  public TableMetadata current() {
    return loaded ? current : refresh();
  }

  @Override
  public synchronized TableMetadata refresh() {
    try {
      OptionalInt pointer = store.readPointer();
      int v = pointer.orElse(0);
      if (v > 0 && !store.exists(v)) {
        // a pointer to a version since deleted (old versions are deleted after commits): list
        v = newestListed();
      }
      // the pointer is written after the version, so it may lag: probe forward, a few steps
      int probes = 0;
      while (store.exists(v + 1)) {
        v++;
        if (++probes == MAX_PROBES) {
          v = Math.max(v, newestListed());
          probes = 0;
        }
      }
      if (v != version || !loaded) {
        current = v == 0 ? null : TableMetadataParser.read(io, store.versionLocation(v));
        version = v;
      }
      loaded = true;
      return current;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void commit(TableMetadata base, TableMetadata metadata) {
    if (base != current()) {
      throw new CommitFailedException("Cannot commit: table changed since version %d", version);
    }
    if (base == metadata) {
      return;
    }
    check.beforeCommit();
    int next = version + 1;
    String json = TableMetadataParser.toJson(metadata);
    if (!create(next, json.getBytes(StandardCharsets.UTF_8))) {
      lostTo(next);
    }
    // The version is ours: from here on nothing may fail the commit, or the caller would delete
    // files the table now references. What was written is what a refresh would read back.
    current = TableMetadataParser.fromJson(store.versionLocation(next), json);
    version = next;
    loaded = true;
    try {
      store.writePointer(next);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "Committed version " + next + " but could not move the pointer", e);
    }
    // versions that fell out of the metadata log, when the table asks for it
    // (write.metadata.delete-after-commit.enabled, write.metadata.previous-versions-max)
    try {
      CatalogUtil.deleteRemovedMetadataFiles(io, base, metadata);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not delete old metadata versions", e);
    }
  }

  /** Another writer has version {@code next}: learn its state, and have Iceberg retry on it. */
  private void lostTo(int next) {
    CommitFailedException lost =
        new CommitFailedException("Cannot commit: version %d was written by another writer", next);
    try {
      refresh();
    } catch (RuntimeException e) {
      loaded = false; // the retry's own refresh tries again
      lost.addSuppressed(e);
    }
    throw lost;
  }

  /**
   * The highest version among the metadata folder's {@code vN.metadata.json} files, 0 when there is
   * none; one listing, for when the pointer names a deleted version or lags far behind.
   */
  private int newestListed() {
    if (!(io instanceof SupportsPrefixOperations lister)) {
      return 0;
    }
    String first = store.versionLocation(1);
    String folder = first.substring(0, first.lastIndexOf('/') + 1);
    int newest = 0;
    for (FileInfo f : lister.listPrefix(folder)) {
      Matcher m = VERSION_FILE.matcher(f.location().substring(folder.length()));
      if (m.matches()) {
        newest = Math.max(newest, Integer.parseInt(m.group(1)));
      }
    }
    return newest;
  }

  /**
   * Creates version {@code next}; true if it is ours, false if another writer's. When the write
   * fails without a certain answer, the version is read back: our bytes there mean we won, other
   * bytes that we lost. If that cannot be told, the commit state is unknown, and Iceberg must then
   * neither retry nor delete anything the commit may reference.
   */
  private boolean create(int next, byte[] json) {
    try {
      return store.createVersion(next, json);
    } catch (WriteRejectedException e) {
      throw new UncheckedIOException(e);
    } catch (IOException | RuntimeException e) {
      Optional<byte[]> found;
      try {
        found = store.read(next);
      } catch (IOException | RuntimeException again) {
        e.addSuppressed(again);
        throw new CommitStateUnknownException(e);
      }
      if (found.isPresent()) {
        return Arrays.equals(found.get(), json);
      }
      // not there now, but a request still in flight may yet write it
      throw new CommitStateUnknownException(e);
    }
  }

  @Override
  public FileIO io() {
    return io;
  }

  @Override
  public String metadataFileLocation(String fileName) {
    String loc = current().metadataFileLocation();
    return loc.substring(0, loc.lastIndexOf('/') + 1) + fileName;
  }

  @Override
  public LocationProvider locationProvider() {
    return LocationProviders.locationsFor(current().location(), current().properties());
  }
}
