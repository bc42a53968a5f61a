package dev.floe.testing;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.s3.S3FileIO;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A table in a bucket, read the way an outside reader with nothing but the bucket would: the newest
 * {@code vN.metadata.json} under the table's metadata folder, through Iceberg's S3FileIO. Tests
 * reach it through {@link TestTables#load(S3Client, String, String)}.
 */
final class BucketTable {
  private static final Pattern VERSION = Pattern.compile(".*/metadata/v(\\d+)\\.metadata\\.json");

  private BucketTable() {}

  static Table load(S3Client s3, String bucket, String location) {
    String newest =
        keys(s3, bucket, location + "/metadata/").stream()
            .filter(k -> VERSION.matcher(k).matches())
            .max(Comparator.comparingInt(BucketTable::version))
            .orElseThrow(() -> new AssertionError("no metadata version under " + location));
    S3Client shared = unclosable(s3);
    S3FileIO io =
        new S3FileIO(
            () -> shared,
            () -> {
              throw new UnsupportedOperationException("synchronous client only");
            });
    io.initialize(java.util.Map.of());
    return new BaseTable(
        new StaticTableOperations("s3://" + bucket + "/" + newest, io),
        "s3://" + bucket + "/" + location);
  }

  /**
   * The caller's client, except that close does nothing: an S3FileIO nobody closed closes its
   * client when it is garbage-collected, which would shut the caller's connection pool mid-test.
   */
  private static S3Client unclosable(S3Client s3) {
    return (S3Client)
        java.lang.reflect.Proxy.newProxyInstance(
            S3Client.class.getClassLoader(),
            new Class<?>[] {S3Client.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && method.getParameterCount() == 0) {
                return null;
              }
              try {
                return method.invoke(s3, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** Every key under the prefix, all pages. */
  private static List<String> keys(S3Client s3, String bucket, String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  private static int version(String key) {
    Matcher m = VERSION.matcher(key);
    m.matches();
    return Integer.parseInt(m.group(1));
  }
}
