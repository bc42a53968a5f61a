package dev.floe.lake;

import dev.floe.catalog.CatalogProducer;
import dev.floe.event.CloudflareInfo;
import dev.floe.event.EventRecord;
import dev.floe.testing.TestTables;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;

/**
 * CPU per event of writing a data file, Iceberg's generic writer ({@link GenericWrite}, the old
 * path) against {@link EventParquetWriter} (the new), in alternating rounds on one thread, in
 * thread CPU time (a loaded machine moves it little); then the wall time of a flush of several
 * partitions written one after the other against side by side, and the process CPU of 200 files of
 * 10 events (one by one, side by side, generic). Run by {@code scripts/bench-writer}.
 *
 * <p>Arguments: rounds (default 5), rows per file (10,000), partitions (10), rows per partition
 * (5,000).
 */
public final class WriterBench {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final Instant HOUR = Instant.parse("2024-05-01T10:00:00Z");
  private static final CloudflareInfo CF =
      new CloudflareInfo(
          "AMS",
          "NL",
          "Amsterdam",
          "EU",
          "1011",
          "NH",
          "Europe/Amsterdam",
          "HTTP/2",
          "TLSv1.3",
          "AEAD-AES128-GCM-SHA256");

  private WriterBench() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int perPartition = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;
    Logger.getLogger("").setLevel(Level.WARNING);
    Logger.getLogger("org.apache").setLevel(Level.WARNING);
    Path dir = Files.createTempDirectory("floe-writer-bench");
    Table plain = table(dir.resolve("plain"), "");
    Table promoted =
        table(dir.resolve("promoted"), "ext.userid:long, data.page:string, data.amount:double");
    List<EventRecord> file = events("page.view", rows, 0);
    if (Boolean.getBoolean("bench.profile")) {
      // for a profiler: the new path only, for about a minute
      for (int i = 0; i < 300; i++) {
        DataFile f = DataFileWriter.write(promoted, List.of(file), "profile").files().get(0);
        promoted.io().deleteFile(f.location());
      }
      return;
    }

    System.out.printf(
        "CPU µs per event, %,d-row files (thread CPU time, median of %d rounds)%n", rows, rounds);
    for (Table t : List.of(plain, promoted, plain, promoted)) {
      cpuPerEvent(t, file, 4); // warm the JIT for both paths and both tables before measuring
    }
    for (Table t : List.of(plain, promoted)) {
      String name = t == plain ? "seed columns" : "3 promoted columns";
      double[] old = new double[rounds];
      double[] ours = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        double[] pair = cpuPerEvent(t, file, 3);
        old[r] = pair[0];
        ours[r] = pair[1];
        System.out.printf(
            "  %-18s round %d: generic %.3f  floe %.3f%n", name, r + 1, pair[0], pair[1]);
      }
      System.out.printf(
          "%-20s generic %.3f µs  floe %.3f µs  (%.0f%% less)%n",
          name, median(old), median(ours), 100 * (1 - median(ours) / median(old)));
    }

    List<List<EventRecord>> flush = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      flush.add(events("type" + p, perPartition, p));
    }
    flushWall(plain, flush); // warm
    flushWall(plain, flush);
    double[] seq = new double[rounds];
    double[] par = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      double[] pair = flushWall(plain, flush);
      seq[r] = pair[0];
      par[r] = pair[1];
      System.out.printf(
          "  flush round %d: one by one %.0f ms  side by side %.0f ms%n", r + 1, pair[0], pair[1]);
    }
    System.out.printf(
        "flush of %d partitions x %,d events, wall: one by one %.0f ms  side by side %.0f ms"
            + "  (%.2fx, %d cores)%n",
        partitions,
        perPartition,
        median(seq),
        median(par),
        median(seq) / median(par),
        Runtime.getRuntime().availableProcessors());
    List<List<EventRecord>> small = new ArrayList<>();
    for (int p = 0; p < 200; p++) {
      small.add(events("small" + p, 10, p));
    }
    for (int r = 0; r < rounds + 2; r++) {
      double[] pair = flushCpu(plain, small);
      System.out.printf(
          "  200 partitions x 10 events: one by one %.0f ms (%.0f ms CPU)  side by side %.0f ms"
              + " (%.0f ms CPU)  generic one by one %.0f ms (%.0f ms CPU)%n",
          pair[0], pair[1], pair[2], pair[3], pair[4], pair[5]);
    }
    WritePool.shutdown();
  }

  private static double[] flushCpu(Table t, List<List<EventRecord>> partitions) {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long start = System.nanoTime();
    List<DataFile> files = new ArrayList<>();
    for (int p = 0; p < partitions.size(); p++) {
      files.addAll(DataFileWriter.write(t, List.of(partitions.get(p)), "seq-" + p).files());
    }
    double seq = (System.nanoTime() - start) / 1e6;
    double seqCpu = (os.getProcessCpuTime() - cpu0) / 1e6;
    DataFileWriter.delete(t, files);
    cpu0 = os.getProcessCpuTime();
    start = System.nanoTime();
    WriteResult r = DataFileWriter.write(t, partitions, "par");
    double par = (System.nanoTime() - start) / 1e6;
    double parCpu = (os.getProcessCpuTime() - cpu0) / 1e6;
    DataFileWriter.delete(t, r.files());
    cpu0 = os.getProcessCpuTime();
    start = System.nanoTime();
    files.clear();
    for (int p = 0; p < partitions.size(); p++) {
      files.add(
          GenericWrite.write(t, partitions.get(p), t.location() + "/data/g-" + p + ".parquet"));
    }
    double gen = (System.nanoTime() - start) / 1e6;
    double genCpu = (os.getProcessCpuTime() - cpu0) / 1e6;
    DataFileWriter.delete(t, files);
    return new double[] {seq, seqCpu, par, parCpu, gen, genCpu};
  }

  /** µs of CPU per event: the old path, then the new, {@code files} files each. */
  private static double[] cpuPerEvent(Table t, List<EventRecord> events, int files) {
    double[] out = new double[2];
    for (int path = 0; path < 2; path++) {
      long cpu = 0;
      for (int f = 0; f < files; f++) {
        long start = CPU.getCurrentThreadCpuTime();
        DataFile written =
            path == 0
                ? GenericWrite.write(t, events, t.location() + "/data/bench-" + f + ".parquet")
                : DataFileWriter.write(t, List.of(events), "bench-" + f).files().get(0);
        cpu += CPU.getCurrentThreadCpuTime() - start;
        t.io().deleteFile(written.location());
      }
      out[path] = cpu / 1_000.0 / files / events.size();
    }
    return out;
  }

  /** Wall ms of writing every partition: one after the other, then side by side. */
  private static double[] flushWall(Table t, List<List<EventRecord>> partitions) {
    long start = System.nanoTime();
    List<DataFile> files = new ArrayList<>();
    for (int p = 0; p < partitions.size(); p++) {
      files.addAll(DataFileWriter.write(t, List.of(partitions.get(p)), "seq-" + p).files());
    }
    double seq = (System.nanoTime() - start) / 1e6;
    DataFileWriter.delete(t, files);
    start = System.nanoTime();
    WriteResult r = DataFileWriter.write(t, partitions, "par");
    double par = (System.nanoTime() - start) / 1e6;
    DataFileWriter.delete(t, r.files());
    return new double[] {seq, par};
  }

  private static Table table(Path warehouse, String columns) {
    TableCommitter c =
        new TableCommitter(
            CatalogProducer.create(TestTables.settings(warehouse, "floe.columns", columns)));
    return c.table();
  }

  /**
   * Events like the load bench's: a page view with a small JSON body, one extension, Cloudflare.
   */
  private static List<EventRecord> events(String type, int n, int seed) {
    List<EventRecord> out = new ArrayList<>(n);
    String source = "https://example.com/app";
    for (int i = 0; i < n; i++) {
      Instant t = HOUR.plusMillis(i * 37L + seed);
      Map<String, String> ext = new HashMap<>();
      ext.put("userid", Integer.toString(1000 + i % 500));
      String data =
          "{\"page\":\"/products/"
              + (i % 200)
              + "\",\"referrer\":\"https://search.example/?q="
              + (i % 50)
              + "\",\"amount\":"
              + (i % 1000) / 10.0
              + ",\"session\":\"s-"
              + (seed * 100_000 + i / 20)
              + "\"}";
      out.add(
          new EventRecord(
              "evt-" + seed + "-" + i + "-" + Long.toHexString(i * 0x9E3779B97F4A7C15L),
              type,
              source,
              "1.0",
              t,
              "user/" + (i % 500),
              "application/json",
              null,
              data,
              ext,
              i % 3 == 0 ? CloudflareInfo.NONE : CF,
              t));
    }
    return out;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
