package dev.floe.maintenance;

import dev.floe.event.EventRecord;
import dev.floe.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The maintenance soak behind {@code scripts/soak-maintenance}: two tables in one warehouse take
 * the same stream of small commits, one with maintenance passes running on their own thread, one
 * without, and every block of commits prints, per table, the newest metadata file's size, the
 * metadata folder's size and file count, data files per partition and commit latency p50/p99.
 *
 * <p>Arguments: warehouse folder, commits per table, commits per printed block.
 */
public final class Soak {
  private static final Instant HOUR = Instant.parse("2024-01-15T14:00:00Z");
  private static final String[] TYPES = {"page.view", "click", "signup"};
  private static final int EVENTS_PER_PARTITION = 20;

  private Soak() {}

  public static void main(String[] args) throws Exception {
    Path warehouse = Path.of(args[0]);
    int commits = Integer.parseInt(args[1]);
    int block = Integer.parseInt(args[2]);
    // time scaled down with the commit rate: a 30 s maximum age here stands for the default hour
    String[] on = {
      "iceberg.table.location", "soak/on",
      "floe.snapshot.max.age", "30s",
      "floe.snapshot.min.keep", "100",
      "floe.metadata.versions.kept", "20",
      "floe.orphan.grace", "1h"
    };
    Lake withMaintenance = new Lake(warehouse, on);
    Lake without =
        new Lake(warehouse, "iceberg.table.location", "soak/off", "floe.maintenance", "false");
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong maintenanceNanos = new AtomicLong();
    AtomicLong passes = new AtomicLong();
    Thread maintenance =
        new Thread(
            () -> {
              MaintenancePass pass = withMaintenance.pass();
              while (!done.get()) {
                long t0 = System.nanoTime();
                pass.run(withMaintenance.table(), passes.get() % 10 == 9);
                maintenanceNanos.addAndGet(System.nanoTime() - t0);
                passes.incrementAndGet();
                sleep(2000);
              }
            },
            "soak-maintenance");
    maintenance.setDaemon(true);
    maintenance.start();

    System.out.println(
        "table   commits  newest_metadata_KB  metadata_files  metadata_KB  versions  "
            + "files/partition(max)  commit_p50_ms  commit_p99_ms  ingest_s  maintenance_s");
    long[] latOn = new long[block];
    long[] latOff = new long[block];
    long ingestOn = 0;
    long ingestOff = 0;
    long maintenanceBefore = 0;
    int n = 0;
    for (int i = 1; i <= commits; i++) {
      ingestOn += commit(withMaintenance, i, latOn, n);
      ingestOff += commit(without, i, latOff, n);
      n++;
      if (n == block) {
        long m = maintenanceNanos.get();
        print("on", i, withMaintenance, latOn, ingestOn, m - maintenanceBefore);
        print("off", i, without, latOff, ingestOff, -1);
        maintenanceBefore = m;
        ingestOn = 0;
        ingestOff = 0;
        n = 0;
      }
    }
    done.set(true);
    System.out.println("maintenance passes: " + passes.get());
    System.exit(0);
  }

  /** One flush: a file per partition, one commit; returns its nanoseconds, records the commit's. */
  private static long commit(Lake lake, int i, long[] latencies, int slot) {
    long t0 = System.nanoTime();
    List<List<EventRecord>> partitions = new ArrayList<>();
    for (String type : TYPES) {
      List<EventRecord> events = new ArrayList<>();
      for (int e = 0; e < EVENTS_PER_PARTITION; e++) {
        events.add(Fixtures.event(i + "-" + e, type, HOUR.plusSeconds(e)));
      }
      partitions.add(events);
    }
    String id = UUID.randomUUID().toString();
    var written = lake.committer.write(partitions, id);
    long c0 = System.nanoTime();
    lake.committer.commit(written, id, Map.of());
    long end = System.nanoTime();
    latencies[slot] = end - c0;
    return end - t0;
  }

  private static void print(
      String name, int commits, Lake lake, long[] latencies, long ingestNanos, long maintNanos)
      throws IOException {
    Path metadata = lake.warehouse.resolve(lake.settings.table().location()).resolve("metadata");
    long files = 0;
    long bytes = 0;
    long versions = 0;
    long newest = 0;
    int newestVersion = -1;
    try (Stream<Path> all = Files.list(metadata)) {
      for (Path p : all.toList()) {
        long size = Files.size(p);
        files++;
        bytes += size;
        String f = p.getFileName().toString();
        if (f.matches("v\\d+\\.metadata\\.json")) {
          versions++;
          int v = Integer.parseInt(f.substring(1, f.indexOf('.')));
          if (v > newestVersion) {
            newestVersion = v;
            newest = size;
          }
        }
      }
    }
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%-6s %8d %19.1f %15d %12.0f %9d %21d %14.1f %14.1f %9.1f %14s%n",
        name,
        commits,
        newest / 1024.0,
        files,
        bytes / 1024.0,
        versions,
        maxFilesPerPartition(lake.table()),
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6,
        ingestNanos / 1e9,
        maintNanos < 0 ? "-" : String.format("%.1f", maintNanos / 1e9));
  }

  private static int maxFilesPerPartition(Table table) {
    Map<Object, Integer> counts = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask t : tasks) {
        counts.merge(t.file().partition().toString(), 1, Integer::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
