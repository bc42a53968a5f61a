package dev.floe.catalog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Metadata versions in a local folder, laid out as Hadoop tables are ({@code vN.metadata.json} and
 * {@code version-hint.text}) so any Iceberg reader finds them. A version is written to a temporary
 * file and then hard-linked into place: {@code link(2)} fails if the name exists, which makes the
 * create atomic.
 */
class LocalMetadataStore implements MetadataStore {
  static final String POINTER = "version-hint.text";

  private final Path dir;

  LocalMetadataStore(Path metadataDir) {
    this.dir = metadataDir;
  }

  @Override
  public String versionLocation(int version) {
    return LocalFileIO.toLocation(path(version));
  }

  private Path path(int version) {
    return dir.resolve("v" + version + ".metadata.json");
  }

  @Override
  public OptionalInt readPointer() throws IOException {
    try {
      String text = Files.readString(dir.resolve(POINTER), StandardCharsets.UTF_8).trim();
      return OptionalInt.of(Integer.parseInt(text));
    } catch (NoSuchFileException e) {
      return OptionalInt.empty();
    } catch (NumberFormatException e) {
      // a torn pointer is no worse than a missing one: versions are probed from 1
      return OptionalInt.empty();
    }
  }

  @Override
  public boolean exists(int version) {
    return Files.exists(path(version));
  }

  @Override
  public Optional<byte[]> read(int version) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(path(version)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean createVersion(int version, byte[] content) throws IOException {
    Files.createDirectories(dir);
    Path temp = writeDurably(content);
    try {
      link(path(version), temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      // On a network file system a link whose answer was lost is sent again and finds its own
      // work: the name then already points at our file.
      return Files.isSameFile(path(version), temp);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Makes {@code name} a second name of {@code file}; fails if {@code name} exists. */
  void link(Path name, Path file) throws IOException {
    Files.createLink(name, file);
  }

  @Override
  public Optional<String> checkConditionalCreate() throws IOException {
    Files.createDirectories(dir);
    Path temp = writeDurably(new byte[0]);
    Path name = dir.resolve("." + UUID.randomUUID() + ".check");
    try {
      link(name, temp);
      try {
        link(name, temp);
      } catch (FileAlreadyExistsException expected) {
        return Optional.empty();
      }
      return Optional.of("the file system of " + dir + " let a hard link replace an existing name");
    } finally {
      Files.deleteIfExists(name);
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public void writePointer(int version) throws IOException {
    Path temp = writeDurably(Integer.toString(version).getBytes(StandardCharsets.UTF_8));
    Files.move(
        temp,
        dir.resolve(POINTER),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private Path writeDurably(byte[] content) throws IOException {
    Path temp = dir.resolve("." + UUID.randomUUID() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(content));
      ch.force(true);
    }
    return temp;
  }
}
