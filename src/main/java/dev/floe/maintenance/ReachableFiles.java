package dev.floe.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;

/**
 * Every file the table's metadata reaches: metadata versions in its log, the pointer, statistics,
 * and for every snapshot its manifest list, manifests, data and delete files. Locations are kept in
 * a normalised form ({@link #key}) so {@code s3a://} and {@code s3://} spellings compare equal.
 */
final class ReachableFiles {
  private ReachableFiles() {}

  static Set<String> of(Table table) {
    FileIO io = table.io();
    Set<String> out = new HashSet<>();
    ReachableFileUtil.metadataFileLocations(table, false).forEach(l -> out.add(key(l)));
    out.add(key(ReachableFileUtil.versionHintLocation(table)));
    ReachableFileUtil.statisticsFilesLocations(table).forEach(l -> out.add(key(l)));
    Set<String> manifests = new HashSet<>();
    for (Snapshot s : table.snapshots()) {
      if (s.manifestListLocation() != null) {
        out.add(key(s.manifestListLocation()));
      }
      for (ManifestFile m : s.allManifests(io)) {
        if (manifests.add(m.path())) {
          out.add(key(m.path()));
          addContent(table, m, out);
        }
      }
    }
    return out;
  }

  private static void addContent(Table table, ManifestFile m, Set<String> out) {
    try (ManifestReader<? extends ContentFile<?>> reader =
        m.content() == org.apache.iceberg.ManifestContent.DATA
            ? ManifestFiles.read(m, table.io(), table.specs())
            : ManifestFiles.readDeleteManifest(m, table.io(), table.specs())) {
      for (ContentFile<?> f : reader.select(java.util.List.of("file_path"))) {
        out.add(key(f.location()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A location with its scheme spelled one way: {@code s3a://}, {@code s3n://} as {@code s3://}.
   */
  static String key(String location) {
    String l = location;
    if (l.startsWith("s3a://") || l.startsWith("s3n://")) {
      l = "s3://" + l.substring(6);
    } else if (l.startsWith("file:///")) {
      l = "file:/" + l.substring(8);
    } else if (l.startsWith("file://")) {
      l = "file:/" + l.substring(7);
    }
    return l;
  }
}
