package dev.floe.buffer;

import dev.floe.catalog.CatalogProducer;
import dev.floe.config.FloeSettings;
import dev.floe.lake.CloudflareInfo;
import dev.floe.lake.EventRecord;
import dev.floe.lake.TableCommitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One complete flush, at start-up, into a throwaway table in a temporary folder. When the server
 * stops, Payara Micro has already shut the application's class loader before any application
 * callback runs; the shutdown flush can then only use classes loaded before. Running the whole
 * write-and-commit path once loads them, and proves Parquet and its codec work on this machine.
 */
final class Warmup {
  private Warmup() {}

  static void run() {
    Path dir;
    try {
      dir = Files.createTempDirectory("floe-warmup");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Map<String, String> keys = Map.of("floe.warehouse", dir.toString());
      FloeSettings settings = FloeSettings.from(k -> Optional.ofNullable(keys.get(k)));
      TableCommitter committer = new TableCommitter(CatalogProducer.create(settings));
      Instant now = Instant.now();
      EventRecord event =
          new EventRecord(
              "warmup",
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
      PartitionBuffer buffer = new PartitionBuffer(PartitionKey.of(event), now.toEpochMilli());
      buffer.tryReserve(1, 1);
      buffer.append(List.of(event), now.toEpochMilli());
      Flusher flusher = new Flusher(committer, new Budget(Long.MAX_VALUE), 1000);
      flusher.flush(List.of(buffer));
      flusher.flush(List.of()); // the nothing-to-flush path, taken by the last shutdown round
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }
}
