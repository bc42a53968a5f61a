package dev.floe.objects;

import dev.floe.catalog.EventsTable;
import dev.floe.catalog.ObjectCatalogStrategy;
import dev.floe.lake.FlushSink;
import dev.floe.lake.ParquetObjects;
import dev.floe.metrics.FloeStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.OutputFile;

/**
 * Flushes as plain objects ({@code USE_ICEBERG=false}): one object per partition batch, then the
 * node's positions object, which is the commit.
 *
 * <p>Why no acknowledged event is lost or written twice: an acknowledged event is in the log until
 * a positions object that covers it has landed, so a crash at any point replays it. Each batch's
 * object is named after the log (node id, log id) and the first log position it holds. The
 * positions object is written only after every object of the flush is complete; a replayed
 * partition buffer drops what it covers and so starts at the first position not covered, which is
 * the first position of the batch whose commit did not land: its flush again writes the same name
 * and overwrites the object, whatever else it now holds (more events that arrived since, or fewer
 * when the buffer is flushed at a different size, the rest following in a later object after the
 * overwritten one's positions are committed). Objects of a log that is not this one keep their
 * names: positions of a new log restart at 1, but its log id differs.
 */
public final class ObjectSink implements FlushSink {
  /** Entry of the positions object naming the flush that wrote it. */
  static final String COMMIT_ID = "floe.commit-id";

  private static final Logger LOG = Logger.getLogger(ObjectSink.class.getName());

  private final ObjectCatalogStrategy store;
  private final Supplier<String> node;
  private final boolean parquet;
  private final Schema schema;
  private final FloeStats stats;
  // commit ids whose positions object may have landed though its write failed
  private final Set<String> maybeLanded = ConcurrentHashMap.newKeySet();

  /** What one flush wrote: complete objects that no positions object covers yet. */
  record Objects(List<String> paths, long rows, long bytes) implements Written {}

  /** With {@code node} the id this node's positions object is named after. */
  public ObjectSink(ObjectCatalogStrategy store, String node, boolean parquet, FloeStats stats) {
    this(store, () -> node, parquet, stats);
  }

  /**
   * @param node asked at each commit: the log tells the node id once it is open
   */
  public ObjectSink(
      ObjectCatalogStrategy store, Supplier<String> node, boolean parquet, FloeStats stats) {
    this(store, node, parquet, EventsTable.SCHEMA, stats);
  }

  /**
   * @param schema the columns of Parquet objects: Floe's and the promoted ones ({@link
   *     EventsTable#withPromoted})
   */
  public ObjectSink(
      ObjectCatalogStrategy store,
      Supplier<String> node,
      boolean parquet,
      Schema schema,
      FloeStats stats) {
    this.schema = schema;
    this.store = store;
    this.node = node;
    this.parquet = parquet;
    this.stats = stats;
    stats.commitsInDoubt.source(maybeLanded::size);
  }

  @Override
  public Written write(List<Batch> batches, String commitId) {
    List<String> paths = new ArrayList<>();
    long rows = 0;
    long bytes = 0;
    try {
      int n = 0;
      for (Batch b : batches) {
        if (b.events().isEmpty()) {
          continue;
        }
        String name = b.name() != null ? b.name() : commitId + "-" + n;
        n++;
        String path = ObjectNames.object(store.location(), b.events().get(0), name, parquet);
        OutputFile out = store.io().newOutputFile(path);
        paths.add(path);
        bytes +=
            parquet
                ? ParquetObjects.write(out, b.events(), schema)
                : NdjsonObjects.write(out, b.events());
        rows += b.events().size();
      }
      return new Objects(List.copyOf(paths), rows, bytes);
    } catch (RuntimeException e) {
      delete(paths); // no positions object covers them; their events are flushed again
      throw e;
    }
  }

  @Override
  public Landed commit(
      Written written, String commitId, Map<String, String> summary, Consumer<Recorded> validate) {
    Objects objects = (Objects) written;
    long start = System.nanoTime();
    try {
      validate.accept(recorded());
    } catch (RuntimeException e) {
      throw notCommitted(objects, commitId, e);
    }
    Map<String, String> entries = new TreeMap<>(summary);
    entries.put(COMMIT_ID, commitId);
    try {
      store.replace(positions(), PositionsObject.write(entries));
    } catch (RuntimeException e) {
      maybeLanded.add(commitId); // a PUT that failed may still have landed
      throw new CommitStateUnknownException(e);
    }
    maybeLanded.remove(commitId);
    long nanos = System.nanoTime() - start;
    stats.commitDuration.record(nanos);
    stats.eventsCommitted.inc(objects.rows());
    stats.filesWritten.inc(objects.paths().size());
    stats.bytesWritten.inc(objects.bytes());
    LOG.info(
        String.format(
            "Wrote %d objects under %s: %d rows, commit %s (%d ms)",
            objects.paths().size(), store.location(), objects.rows(), commitId, nanos / 1_000_000));
    return new Landed(null, objects.paths(), objects.rows());
  }

  /**
   * A commit that certainly did not land this time: its objects go, unless an earlier attempt's
   * positions object may still land and cover them.
   */
  private RuntimeException notCommitted(Objects objects, String commitId, RuntimeException e) {
    if (maybeLanded.contains(commitId)) {
      return new CommitStateUnknownException(e);
    }
    delete(objects.paths());
    return e;
  }

  @Override
  public boolean landed(String commitId) {
    boolean landed = commitId.equals(PositionsObject.read(store.io(), positions()).get(COMMIT_ID));
    if (landed) {
      maybeLanded.remove(commitId);
    }
    return landed;
  }

  @Override
  public void discard(Written written) {
    delete(((Objects) written).paths());
  }

  @Override
  public Recorded recorded() {
    return new Recorded(null, PositionsObject.read(store.io(), positions()), List.of());
  }

  private String positions() {
    return ObjectNames.positions(store.location(), node.get());
  }

  private void delete(List<String> paths) {
    for (String p : paths) {
      try {
        store.io().deleteFile(p);
      } catch (RuntimeException e) {
        // harmless: the next flush of its partition writes the same name again
        LOG.log(Level.WARNING, "Could not delete uncommitted object " + p, e);
      }
    }
  }
}
