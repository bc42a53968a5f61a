package dev.floe.objects;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;

/**
 * A node's positions object: the entries its last landed flush recorded (the same keys a snapshot
 * summary holds: {@code floe.wal.<node>.*} and the commit id), as one JSON object.
 */
final class PositionsObject {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PositionsObject() {}

  static byte[] write(Map<String, String> entries) {
    try {
      return JSON.writeValueAsBytes(new TreeMap<>(entries));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The entries at {@code location}, empty when there is no such object yet. An object that cannot
   * be read stops recovery rather than count nothing as written: that would write events twice.
   */
  static Map<String, String> read(FileIO io, String location) {
    InputFile in = io.newInputFile(location);
    if (!in.exists()) {
      return Map.of();
    }
    try (InputStream s = in.newStream()) {
      return Map.copyOf(JSON.readValue(s, new TypeReference<Map<String, String>>() {}));
    } catch (org.apache.iceberg.exceptions.NotFoundException e) {
      return Map.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the positions object " + location, e);
    }
  }
}
