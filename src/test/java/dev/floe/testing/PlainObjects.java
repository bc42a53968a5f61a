package dev.floe.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.catalog.EventsTable;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.inmemory.InMemoryInputFile;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads plain objects back ({@code USE_ICEBERG=false}) as a standard reader would: gzipped NDJSON
 * line by line with Jackson, Parquet with Iceberg's Parquet reader; from a folder or a bucket.
 */
public final class PlainObjects {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PlainObjects() {}

  /** Every object under {@code root} that holds events, by key relative to it. */
  public static Map<String, byte[]> in(Path root) {
    Map<String, byte[]> out = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String key = root.relativize(p).toString().replace('\\', '/');
        if (isEvents(key)) {
          out.put(key, Files.readAllBytes(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Every object under {@code prefix} in the bucket that holds events, by key. */
  public static Map<String, byte[]> in(S3Client s3, String bucket, String prefix) {
    Map<String, byte[]> out = new TreeMap<>();
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      if (isEvents(o.key())) {
        ResponseBytes<?> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key()));
        out.put(o.key(), bytes.asByteArray());
      }
    }
    return out;
  }

  private static boolean isEvents(String key) {
    return key.endsWith(".ndjson.gz") || key.endsWith(".parquet");
  }

  /** The events of NDJSON objects, one JSON object per line. */
  public static List<JsonNode> events(Map<String, byte[]> objects) {
    List<JsonNode> out = new ArrayList<>();
    objects.forEach(
        (key, bytes) -> {
          if (key.endsWith(".ndjson.gz")) {
            out.addAll(ndjson(bytes));
          }
        });
    return out;
  }

  public static List<JsonNode> ndjson(byte[] gz) {
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(gz)), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        out.add(JSON.readTree(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The rows of Parquet objects, with the table's columns. */
  public static List<Record> rows(Map<String, byte[]> objects) {
    List<Record> out = new ArrayList<>();
    objects.forEach(
        (key, bytes) -> {
          if (key.endsWith(".parquet")) {
            out.addAll(parquet(bytes));
          }
        });
    return out;
  }

  public static List<Record> parquet(byte[] bytes) {
    return parquet(bytes, EventsTable.SCHEMA);
  }

  /** The rows of one Parquet object, read in {@code schema} (by field id). */
  public static List<Record> parquet(byte[] bytes, Schema schema) {
    try (CloseableIterable<Record> rows =
        Parquet.read(new InMemoryInputFile(bytes))
            .project(schema)
            .createReaderFunc(fs -> GenericParquetReaders.buildReader(schema, fs))
            .build()) {
      List<Record> out = new ArrayList<>();
      rows.forEach(r -> out.add(r.copy()));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ids of every event in the objects, NDJSON and Parquet alike, sorted. */
  public static List<String> ids(Map<String, byte[]> objects) {
    List<String> ids = new ArrayList<>();
    events(objects).forEach(n -> ids.add(n.get("id").asText()));
    rows(objects).forEach(r -> ids.add((String) r.getField("id")));
    return ids.stream().sorted().toList();
  }
}
