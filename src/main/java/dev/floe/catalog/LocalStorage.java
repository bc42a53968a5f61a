package dev.floe.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.io.FileIO;

/** The embedded default: table files in a local warehouse folder, laid out as in a bucket. */
final class LocalStorage implements TableStorage {
  private final Path warehouse;
  private final Path tableDir;
  private final LocalFileIO io = new LocalFileIO();
  private final LocalMetadataStore metadata;

  LocalStorage(Path warehouse, String tableLocation) {
    this.warehouse = warehouse.toAbsolutePath().normalize();
    this.tableDir = this.warehouse.resolve(tableLocation).normalize();
    this.metadata = new LocalMetadataStore(tableDir.resolve("metadata"));
  }

  @Override
  public TableStorage at(String location) {
    return new LocalStorage(warehouse, location);
  }

  @Override
  public String kind() {
    return "local";
  }

  @Override
  public FileIO io() {
    return io;
  }

  @Override
  public MetadataStore metadata() {
    return metadata;
  }

  @Override
  public String tableLocation() {
    return LocalFileIO.toLocation(tableDir);
  }

  @Override
  public void replace(String location, byte[] bytes) throws IOException {
    Path target = LocalFileIO.toPath(location);
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try (java.nio.channels.FileChannel ch =
        java.nio.channels.FileChannel.open(
            temp,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
            java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(bytes));
      ch.force(true);
    }
    Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void check() throws IOException {
    Files.createDirectories(tableDir);
    if (!Files.isWritable(tableDir)) {
      throw new IOException("warehouse folder " + tableDir + " is not writable");
    }
  }

  @Override
  public List<StoredObject> list(String after, int limit) throws IOException {
    if (!Files.isDirectory(tableDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(tableDir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> warehouse.relativize(p).toString().replace('\\', '/'))
          .filter(key -> !key.contains("/."))
          .filter(key -> after == null || key.compareTo(after) > 0)
          .sorted()
          .limit(limit)
          .map(this::describe)
          .toList();
    }
  }

  private StoredObject describe(String key) {
    Path p = warehouse.resolve(key);
    try {
      return new StoredObject(key, Files.size(p), Files.getLastModifiedTime(p).toInstant());
    } catch (IOException e) {
      return new StoredObject(key, -1, null);
    }
  }
}
