package dev.floe.catalog;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A metadata store that fails chosen requests: the Nth request of a kind fails in one of the ways a
 * network store can, once. It counts every request by kind, so a clean run tells how many there are
 * to fail in turn.
 */
final class FailingStore extends ForwardingMetadataStore {

  /** The requests a direct commit makes. */
  enum Kind {
    /** {@link #createVersion}: the conditional create of {@code vN.metadata.json}. */
    CREATE,
    /** {@link #writePointer}. */
    POINTER,
    /** {@link #readPointer} and {@link #exists}: what a refresh asks. */
    REFRESH,
    /** {@link #read}: reading a version back after a create without a clear answer. */
    READ_BACK,
    /** A file written through the table's FileIO: data file, manifest, manifest list. */
    WRITE
  }

  /** How a request fails. */
  enum Mode {
    /** Throws before doing anything: a request that never reached the store. */
    BEFORE,
    /** Does the request, then throws: the answer was lost. */
    AFTER,
    /** A create that lands and is answered as lost to another writer (a retried request). */
    LOST,
    /** A create that does not land now, times out, and lands at the next create (in flight). */
    IN_FLIGHT,
    /** A create refused outright: certainly not written. */
    REJECT
  }

  private record Fault(int nth, Mode mode) {}

  private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
  private final Map<Kind, Fault> faults = new EnumMap<>(Kind.class);
  private int pendingVersion;
  private byte[] pendingContent;
  private boolean failRefreshAfterCreate;

  FailingStore(MetadataStore delegate) {
    super(delegate);
  }

  /** Makes the {@code nth} request of {@code kind} from now on fail as {@code mode}. */
  synchronized FailingStore failing(Kind kind, int nth, Mode mode) {
    faults.put(kind, new Fault(count(kind) + nth, mode));
    return this;
  }

  /** Makes the first refresh request after the next create that lands fail. */
  synchronized void failRefreshAfterNextCreate() {
    failRefreshAfterCreate = true;
  }

  /** Starts counting requests afresh. */
  synchronized void resetCounts() {
    counts.clear();
  }

  synchronized int count(Kind kind) {
    return counts.getOrDefault(kind, 0);
  }

  /** Whether an in-flight create is still waiting to land. */
  synchronized boolean inFlight() {
    return pendingContent != null;
  }

  /** Lands the create left in flight, now: the slot may have been taken meanwhile. */
  void landInFlightNow() {
    try {
      landInFlight();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private synchronized void landInFlight() throws IOException {
    if (pendingContent != null) {
      byte[] content = pendingContent;
      pendingContent = null;
      delegate.createVersion(pendingVersion, content);
    }
  }

  /** The table's FileIO, its file writes failing by this store's plan. */
  org.apache.iceberg.io.FileIO io(org.apache.iceberg.io.FileIO io) {
    return new FailingIO(io, this::next);
  }

  /** The failure mode of this request, or null when it goes through. */
  private synchronized Mode next(Kind kind) {
    int n = counts.merge(kind, 1, Integer::sum);
    Fault f = faults.get(kind);
    if (f != null && f.nth() == n) {
      faults.remove(kind);
      return f.mode();
    }
    return null;
  }

  /** A call on the real store. */
  private interface StoreCall<T> {
    T call() throws IOException;
  }

  /**
   * Runs the call as this request's fault says: not at all ({@code BEFORE}), or through with its
   * answer lost (any other fault).
   */
  private <T> T faulty(Kind kind, StoreCall<T> call) throws IOException {
    Mode m = next(kind);
    if (m == Mode.BEFORE) {
      throw lost(kind);
    }
    T result = call.call();
    if (m != null) {
      throw lost(kind);
    }
    return result;
  }

  private static IOException lost(Kind kind) {
    return new IOException("injected: " + kind + " lost its answer");
  }

  @Override
  public OptionalInt readPointer() throws IOException {
    return faulty(Kind.REFRESH, () -> delegate.readPointer());
  }

  @Override
  public boolean exists(int version) throws IOException {
    return faulty(Kind.REFRESH, () -> delegate.exists(version));
  }

  @Override
  public Optional<byte[]> read(int version) throws IOException {
    return faulty(Kind.READ_BACK, () -> delegate.read(version));
  }

  @Override
  public boolean createVersion(int version, byte[] content) throws IOException {
    Mode m = next(Kind.CREATE);
    if (m == Mode.REJECT) {
      throw new WriteRejectedException("injected: storage rejected the create", null);
    }
    landInFlight();
    if (m == null) {
      return landed(delegate.createVersion(version, content));
    }
    switch (m) {
      case BEFORE -> throw lost(Kind.CREATE);
      case AFTER -> {
        landed(delegate.createVersion(version, content));
        throw lost(Kind.CREATE);
      }
      case LOST -> {
        landed(delegate.createVersion(version, content));
        return false;
      }
      default -> {
        synchronized (this) {
          pendingVersion = version;
          pendingContent = content.clone();
        }
        throw lost(Kind.CREATE);
      }
    }
  }

  private synchronized boolean landed(boolean created) {
    if (created && failRefreshAfterCreate) {
      failRefreshAfterCreate = false;
      faults.put(Kind.REFRESH, new Fault(count(Kind.REFRESH) + 1, Mode.BEFORE));
    }
    return created;
  }

  @Override
  public void writePointer(int version) throws IOException {
    faulty(
        Kind.POINTER,
        () -> {
          delegate.writePointer(version);
          return null;
        });
  }
}
