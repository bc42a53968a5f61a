package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit protocol of the direct catalog, on a local store that fails on request. */
class DirectTableOperationsTest {
  @TempDir Path dir;
  private FaultyStore store;
  private Table table;

  @BeforeEach
  void createTable() {
    store = new FaultyStore(new LocalMetadataStore(dir.resolve("metadata")));
    DirectTableOperations ops = new DirectTableOperations(new LocalFileIO(), store);
    ops.commit(null, EventsTable.newMetadata(LocalFileIO.toLocation(dir)));
    table = new BaseTable(ops, "t");
  }

  private Table second() {
    return new BaseTable(new DirectTableOperations(new LocalFileIO(), store), "t2");
  }

  private static DataFile file(String name) {
    return DataFiles.builder(EventsTable.SPEC)
        .withPath("file:/nowhere/" + name + ".parquet")
        .withFormat("parquet")
        .withFileSizeInBytes(10)
        .withRecordCount(1)
        .withPartitionPath("type=a/year=2024/month=1/day=1/hour=0")
        .build();
  }

  @Test
  void aLosingWriterRefreshesAndReappliesItsAppend() {
    Table other = second();
    other.newAppend().appendFile(file("theirs")).commit();
    // `table` still holds version 1; its commit loses the race for version 2 and retries on 3
    table.newAppend().appendFile(file("ours")).commit();

    assertThat(store.versions()).containsExactly(1, 2, 3);
    assertThat(paths(second())).containsExactlyInAnyOrder("theirs", "ours");
    assertLinear(second());
  }

  @Test
  void aFailedWriteThatLandedCountsAsOurs() {
    store.failNextCreate = Fault.WRITE_THEN_FAIL;
    table.newAppend().appendFile(file("a")).commit();

    assertThat(store.versions()).containsExactly(1, 2);
    assertThat(paths(second())).containsExactly("a");
  }

  @Test
  void aFailedWriteWhoseVersionIsAnothersIsALostRaceAndRetried() {
    store.failNextCreate = Fault.OTHER_WRITER_THEN_FAIL;
    store.other = () -> second().newAppend().appendFile(file("theirs")).commit();
    table.newAppend().appendFile(file("ours")).commit();

    assertThat(paths(second())).containsExactlyInAnyOrder("theirs", "ours");
    assertLinear(second());
  }

  @Test
  void aFailedWriteWithNothingThereLeavesTheStateUnknownAndKeepsEveryFile() throws IOException {
    store.failNextCreate = Fault.FAIL_WITHOUT_WRITING;
    assertThatThrownBy(() -> table.newAppend().appendFile(file("a")).commit())
        .isInstanceOf(CommitStateUnknownException.class);

    assertThat(store.versions()).containsExactly(1);
    // the manifest and manifest list the commit would have named are still there
    try (Stream<Path> files = Files.list(dir.resolve("metadata"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("snap-"))
          .anyMatch(n -> n.endsWith("-m0.avro"));
    }
  }

  @Test
  void aRejectedWriteIsAPlainFailure() {
    store.failNextCreate = Fault.REJECT;
    assertThatThrownBy(() -> table.newAppend().appendFile(file("a")).commit())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("rejected");
    assertThat(store.versions()).containsExactly(1);
  }

  @Test
  void aStalePointerIsProbedPast() throws IOException {
    table.newAppend().appendFile(file("a")).commit();
    table.newAppend().appendFile(file("b")).commit();
    store.local.writePointer(1);

    assertThat(paths(second())).containsExactlyInAnyOrder("a", "b");
  }

  private static List<String> paths(Table t) {
    List<String> out = new ArrayList<>();
    try (var tasks = t.newScan().planFiles()) {
      tasks.forEach(
          task -> {
            String p = task.file().location();
            out.add(p.substring(p.lastIndexOf('/') + 1, p.length() - ".parquet".length()));
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void assertLinear(Table t) {
    Snapshot s = t.currentSnapshot();
    int n = 0;
    while (s.parentId() != null) {
      s = t.snapshot(s.parentId());
      n++;
    }
    assertThat(n + 1).isEqualTo(((List<Snapshot>) toList(t.snapshots())).size());
  }

  private static List<Snapshot> toList(Iterable<Snapshot> it) {
    List<Snapshot> out = new ArrayList<>();
    it.forEach(out::add);
    return out;
  }

  enum Fault {
    NONE,
    WRITE_THEN_FAIL,
    OTHER_WRITER_THEN_FAIL,
    FAIL_WITHOUT_WRITING,
    REJECT
  }

  /** A store whose next create can fail in each of the ways object storage can. */
  static final class FaultyStore extends ForwardingMetadataStore {
    final LocalMetadataStore local;
    Fault failNextCreate = Fault.NONE;
    Runnable other;

    FaultyStore(LocalMetadataStore local) {
      super(local);
      this.local = local;
    }

    List<Integer> versions() {
      List<Integer> out = new ArrayList<>();
      for (int v = 1; local.exists(v); v++) {
        out.add(v);
      }
      return out;
    }

    @Override
    public boolean createVersion(int version, byte[] content) throws IOException {
      Fault f = failNextCreate;
      failNextCreate = Fault.NONE;
      switch (f) {
        case WRITE_THEN_FAIL -> {
          delegate.createVersion(version, content);
          throw new IOException("connection reset after the request was sent");
        }
        case OTHER_WRITER_THEN_FAIL -> {
          other.run();
          throw new IOException("timed out");
        }
        case FAIL_WITHOUT_WRITING -> throw new IOException("timed out");
        case REJECT -> throw new WriteRejectedException("storage rejected the credentials", null);
        default -> {
          return delegate.createVersion(version, content);
        }
      }
    }
  }
}
