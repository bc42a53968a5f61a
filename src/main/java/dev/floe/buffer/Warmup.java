package dev.floe.buffer;

import dev.floe.catalog.CatalogProducer;
import dev.floe.catalog.CatalogStrategy;
import dev.floe.config.FloeSettings;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import dev.floe.metrics.FloeStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A rehearsal of the whole life of the buffers, at start-up, on a throwaway table and write-ahead
 * log in a temporary folder: start, accept events, flush on the timer's path and on demand, then
 * stop with the final flush and close everything, as an undeploy does.
 *
 * <p>When Payara Micro stops, and when its {@code --hotdeploy} mode redeploys, it shuts the
 * application's class loader before Floe's shutdown callback runs. From then on no class can be
 * loaded through it, not even a JDK class this application has not used yet, so the final flush and
 * the clean-up can only use classes loaded before. Running the same code once loads them, and
 * proves Parquet and its codec work on this machine. A flush to S3 or a REST catalog that never ran
 * before the stop is not covered; events it cannot flush stay in the write-ahead log for the next
 * start.
 */
final class Warmup {
  private static final Logger FLOE = Logger.getLogger("dev.floe");

  private Warmup() {}

  /** Rehearses in the application's mode: the table, or plain objects in their format. */
  static void run(FloeSettings.Objects objects) {
    Path dir;
    try {
      dir = Files.createTempDirectory("floe-warmup");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Level level = FLOE.getLevel();
    FLOE.setLevel(Level.WARNING); // the rehearsal's table and log are nobody's business
    try {
      rehearse(dir, objects);
    } finally {
      FLOE.setLevel(level);
      deleteQuietly(dir);
    }
  }

  /** Runs the buffers from start to stop once, with their table and log under {@code dir}. */
  static void rehearse(Path dir) {
    rehearse(dir, new FloeSettings.Objects(false, "ndjson"));
  }

  static void rehearse(Path dir, FloeSettings.Objects objects) {
    Map<String, String> keys =
        Map.of(
            "floe.warehouse", dir.resolve("warehouse").toString(),
            "floe.wal.dir", dir.resolve("wal").toString(),
            "iceberg.buffer.size", "1", // every event is due at the next tick
            "use.iceberg", Boolean.toString(!objects.enabled()),
            "floe.object.format", objects.format());
    FloeSettings settings = FloeSettings.from(k -> Optional.ofNullable(keys.get(k)));
    CatalogStrategy catalog = CatalogProducer.create(settings);
    BufferEngine rehearsal =
        new BufferEngine(
            settings, catalog, new FloeStats(), Runnable::run, CommitObserver.NONE, false);
    try {
      rehearsal.start();
      rehearsal.intake().accept(List.of(event("warmup-1", Instant.now())));
      rehearsal.tick(); // the timer's flush, on this thread
      rehearsal.intake().accept(List.of(event("warmup-2", Instant.now())));
      rehearsal.flushAll();
      rehearsal.intake().accept(List.of(event("warmup-3", Instant.now())));
    } catch (BufferRefusedException e) {
      throw new IllegalStateException("the start-up rehearsal was refused: " + e.getMessage(), e);
    } finally {
      rehearsal.stop(); // the final flush and the clean-up of an undeploy
      catalog.close();
    }
    if (rehearsal.report().pendingEvents() != 0) {
      throw new IllegalStateException("the start-up rehearsal could not flush its events");
    }
  }

  private static EventRecord event(String id, Instant now) {
    return new EventRecord(
        id,
        "floe.warmup",
        "floe",
        "1.0",
        now,
        "s",
        "application/json",
        "d",
        "{}",
        Map.of("x", "y"),
        CloudflareInfo.NONE,
        now);
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }
}
