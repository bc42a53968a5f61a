package dev.floe.catalog;

import dev.floe.lake.TableCommitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;

/**
 * What a table holds, checked the way a reader would find it: every file any snapshot references
 * exists, no commit id or data file is in two snapshots, and which event ids the rows carry.
 */
final class TableAudit {
  private TableAudit() {}

  /** Problems found in the table: missing files, repeated commit ids, files added twice. */
  static List<String> problems(Table table) {
    List<String> out = new ArrayList<>();
    FileIO io = table.io();
    Set<String> commitIds = new HashSet<>();
    Map<String, Long> addedBy = new HashMap<>();
    for (Snapshot s : table.snapshots()) {
      String id = s.summary().get(TableCommitter.COMMIT_ID);
      if (id != null && !commitIds.add(id)) {
        out.add("commit id " + id + " is in two snapshots");
      }
      if (missing(io, s.manifestListLocation(), "manifest list of " + s.snapshotId(), out)) {
        continue;
      }
      boolean whole = true;
      for (ManifestFile m : s.allManifests(io)) {
        if (missing(io, m.path(), "manifest of snapshot " + s.snapshotId(), out)) {
          whole = false;
          continue;
        }
        for (DataFile f : readFiles(m, table)) {
          missing(io, f.location(), "data file of snapshot " + s.snapshotId(), out);
        }
      }
      if (!whole) {
        continue;
      }
      for (DataFile f : s.addedDataFiles(io)) {
        Long before = addedBy.put(f.location(), s.snapshotId());
        if (before != null) {
          out.add("data file " + f.location() + " added by " + before + " and " + s.snapshotId());
        }
      }
    }
    return out;
  }

  /** How many rows carry each event id. */
  static Map<String, Integer> idCounts(Table table) {
    Map<String, Integer> out = new HashMap<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
      rows.forEach(r -> out.merge((String) r.getField("id"), 1, Integer::sum));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static boolean missing(FileIO io, String location, String what, List<String> out) {
    if (io.newInputFile(location).exists()) {
      return false;
    }
    out.add(what + " is missing: " + location);
    return true;
  }

  private static List<DataFile> readFiles(ManifestFile m, Table table) {
    List<DataFile> out = new ArrayList<>();
    try (var reader = ManifestFiles.read(m, table.io(), table.specs())) {
      reader.forEach(f -> out.add(f.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
