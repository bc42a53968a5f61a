package dev.floe.catalog;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/** Lists the objects under a table's location through its FileIO (a REST catalog's table). */
final class PrefixListing {
  private PrefixListing() {}

  /** Objects under {@code t}'s location, sorted by key, after {@code after} (exclusive). */
  static List<StoredObject> list(Table t, String after, int limit, Redactor redactor) {
    if (!(t.io() instanceof SupportsPrefixOperations io)) {
      throw new CatalogUnavailableException("the table's FileIO cannot list objects", null);
    }
    String root = t.location().endsWith("/") ? t.location() : t.location() + "/";
    String bucketRoot = root.substring(0, root.indexOf('/', root.indexOf("://") + 3) + 1);
    List<StoredObject> out = new ArrayList<>();
    try {
      for (FileInfo f : io.listPrefix(root)) {
        String key = f.location().substring(bucketRoot.length());
        if (after == null || key.compareTo(after) > 0) {
          out.add(
              new StoredObject(key, f.size(), java.time.Instant.ofEpochMilli(f.createdAtMillis())));
          if (out.size() >= limit) {
            break;
          }
        }
      }
    } catch (RuntimeException e) {
      throw new CatalogUnavailableException(redactor.redact(Failures.reason(e)), e);
    }
    return out;
  }
}
