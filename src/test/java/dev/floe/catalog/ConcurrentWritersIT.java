package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.config.FloeSettings;
import dev.floe.it.harness.Harness;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Two writers, each with its own S3 client and catalog instance, append to one table on a real
 * S3-compatible server at the same moments, round after round. With conditional PUTs every append
 * of both lands; against a store that checks and then writes, which is what a rename-less Hadoop
 * catalog amounts to, the same test finds lost updates.
 */
class ConcurrentWritersIT {
  private static final int ROUNDS = 20;

  @RegisterExtension static final Harness harness = Harness.with().s3().build();

  @Test
  void conditionalPutsKeepEveryAppendOfBothWriters() throws Exception {
    Race race = race("conditional", false);

    assertThat(race.problems()).isEmpty();
    assertThat(race.lostRaces.get()).as("conditional PUTs that lost a race").isPositive();
    System.out.printf(
        "concurrent writers: %d appends, %d versions, %d lost races (412) retried;"
            + " commit p50 %d ms, p99 %d ms (retries included)%n",
        2 * ROUNDS, race.versions, race.lostRaces.get(), race.percentile(50), race.percentile(99));
  }

  @Test
  void aStoreWithoutConditionalPutsLosesUpdatesAndTheTestSeesIt() throws Exception {
    Race race = race("unconditional", true);

    assertThat(race.problems()).as("problems found on a store without If-None-Match").isNotEmpty();
  }

  private Race race(String bucket, boolean withoutConditions) throws Exception {
    harness.s3().createBucket(bucket);
    Race race = new Race(bucket);
    List<Writer> writers = new ArrayList<>();
    for (String name : List.of("w1", "w2")) {
      writers.add(new Writer(name, bucket, withoutConditions, race));
    }
    writers.get(0).table(); // create the table once, before the race
    CyclicBarrier barrier = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Writer w : writers) {
        done.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < ROUNDS; round++) {
                    barrier.await();
                    long t0 = System.nanoTime();
                    w.table().newAppend().appendFile(file(bucket, w.name + "-" + round)).commit();
                    race.commitMillis.add((System.nanoTime() - t0) / 1_000_000);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    race.check();
    return race;
  }

  private static DataFile file(String bucket, String name) {
    return DataFiles.builder(EventsTable.SPEC)
        .withPath("s3://" + bucket + "/nowhere/" + name + ".parquet")
        .withFormat("parquet")
        .withFileSizeInBytes(10)
        .withRecordCount(1)
        .withPartitionPath("type=a/year=2024/month=1/day=1/hour=0")
        .build();
  }

  private static FloeSettings.Storage settings(String bucket) {
    return new FloeSettings.Storage(
        harness.s3().endpoint(),
        bucket,
        new FloeSettings.Secret(harness.s3().accessKey()),
        new FloeSettings.Secret(harness.s3().secretKey()),
        "auto");
  }

  /** One writer: its own client, storage and catalog, as a second Floe node would have. */
  private static final class Writer {
    final String name;
    final DirectCatalogStrategy catalog;

    Writer(String name, String bucket, boolean withoutConditions, Race race) {
      this.name = name;
      S3Client client = S3Storage.client(settings(bucket));
      S3Storage storage = new S3Storage(settings(bucket), "t", client, Map.of());
      S3MetadataStore store =
          withoutConditions
              ? new CheckThenWriteStore(client, harness.s3().endpoint(), bucket, "t/metadata")
              : new S3MetadataStore(client, harness.s3().endpoint(), bucket, "t/metadata");
      this.catalog = new DirectCatalogStrategy(storage, new Recording(store, name, race), "t");
    }

    Table table() {
      return catalog.table();
    }
  }

  /** What every writer believed it wrote, checked against what the bucket holds at the end. */
  private static final class Race {
    final String bucket;
    final Map<Integer, List<String>> winners = new ConcurrentHashMap<>();
    final Map<Integer, byte[]> written = new ConcurrentHashMap<>();
    final AtomicInteger lostRaces = new AtomicInteger();
    final List<Long> commitMillis = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> problems = new ArrayList<>();
    int versions;

    Race(String bucket) {
      this.bucket = bucket;
    }

    List<String> problems() {
      return problems;
    }

    long percentile(int p) {
      List<Long> sorted = commitMillis.stream().sorted().toList();
      return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    void check() throws IOException {
      S3Client client = S3Storage.client(settings(bucket));
      S3MetadataStore store =
          new S3MetadataStore(client, harness.s3().endpoint(), bucket, "t/metadata");
      for (int v = 1; store.exists(v); v++) {
        versions = v;
        List<String> who = winners.getOrDefault(v, List.of());
        if (who.size() != 1) {
          problems.add("version " + v + " claimed by " + who);
        }
        Optional<byte[]> stored = store.read(v);
        if (stored.isEmpty() || !Arrays.equals(stored.get(), written.get(v))) {
          problems.add("version " + v + " was overwritten");
        }
      }
      // a fresh reader: every append of both writers, on one linear chain of snapshots
      Table table =
          new DirectCatalogStrategy(new S3Storage(settings(bucket), "t", client, Map.of()), "t")
              .table();
      Set<String> files = new HashSet<>();
      table.newScan().planFiles().forEach(t -> files.add(t.file().location()));
      for (String w : List.of("w1", "w2")) {
        for (int round = 0; round < ROUNDS; round++) {
          String path = "s3://" + bucket + "/nowhere/" + w + "-" + round + ".parquet";
          if (!files.contains(path)) {
            problems.add("append " + w + "-" + round + " is lost");
          }
        }
      }
      int chain = 0;
      for (Snapshot s = table.currentSnapshot(); s != null; ) {
        chain++;
        s = s.parentId() == null ? null : table.snapshot(s.parentId());
      }
      int all = 0;
      for (Snapshot ignored : table.snapshots()) {
        all++;
      }
      if (chain != all || chain != files.size()) {
        problems.add(
            "snapshot chain of "
                + chain
                + " for "
                + all
                + " snapshots, "
                + files.size()
                + " files");
      }
    }
  }

  /** A metadata store that records which writer created which version. */
  private static final class Recording extends ForwardingMetadataStore {
    private final String name;
    private final Race race;

    Recording(MetadataStore store, String name, Race race) {
      super(store);
      this.name = name;
      this.race = race;
    }

    @Override
    public boolean createVersion(int version, byte[] content) throws IOException {
      boolean won = delegate.createVersion(version, content);
      if (won) {
        race.winners
            .computeIfAbsent(version, v -> new java.util.concurrent.CopyOnWriteArrayList<>())
            .add(name);
        race.written.put(version, content);
      } else {
        race.lostRaces.incrementAndGet();
      }
      return won;
    }
  }

  /**
   * A store that does not honour {@code If-None-Match}: it looks whether the key exists and then
   * writes unconditionally, the check-then-act of catalogs built on object stores without
   * conditional writes. The pause stands for the latency between the two requests.
   */
  private static final class CheckThenWriteStore extends S3MetadataStore {
    private final S3Client client;
    private final String bucket;

    CheckThenWriteStore(S3Client client, String endpoint, String bucket, String prefix) {
      super(client, endpoint, bucket, prefix);
      this.client = client;
      this.bucket = bucket;
    }

    @Override
    void put(String key, byte[] content, boolean ifAbsent) {
      if (ifAbsent) {
        try {
          client.headObject(b -> b.bucket(bucket).key(key));
          throw S3Exception.builder().statusCode(412).message("exists").build();
        } catch (S3Exception e) {
          if (e.statusCode() != 404) {
            throw e;
          }
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      super.put(key, content, false);
    }
  }
}
