package dev.floe.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Iceberg file access for the local warehouse folder on plain {@code java.nio}. Hadoop's local file
 * system would do the same but drags in its security layer and writes a {@code .crc} file beside
 * every object. Files are forced to disk on close: a commit must never name a file a power loss
 * could take back.
 */
public final class LocalFileIO implements FileIO, SupportsPrefixOperations {

  /**
   * Locations are taken literally, as Hadoop's paths take them: {@code %2F} in a file name stays
   * those three characters and never becomes a folder separator.
   */
  static Path toPath(String location) {
    String p = location;
    if (p.startsWith("file://")) {
      p = p.substring("file://".length());
    } else if (p.startsWith("file:")) {
      p = p.substring("file:".length());
    }
    return Path.of(p);
  }

  /** The location of a local path, in the literal form {@link #toPath} reads. */
  static String toLocation(Path path) {
    return "file:" + path.toAbsolutePath().normalize();
  }

  @Override
  public InputFile newInputFile(String location) {
    return new LocalInput(location, toPath(location));
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new LocalOutput(location, toPath(location));
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(toPath(location));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Files under a folder, as S3FileIO lists keys under a prefix; maintenance finds orphan files and
   * the direct catalog its newest version this way.
   */
  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    Path dir = toPath(prefix);
    if (!Files.isDirectory(dir)) {
      return java.util.List.of();
    }
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(
              p -> {
                try {
                  return new FileInfo(
                      toLocation(p), Files.size(p), Files.getLastModifiedTime(p).toMillis());
                } catch (IOException e) {
                  return null; // deleted while listed
                }
              })
          .filter(java.util.Objects::nonNull)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void deletePrefix(String prefix) {
    for (FileInfo f : listPrefix(prefix)) {
      deleteFile(f.location());
    }
  }

  private record LocalInput(String location, Path path) implements InputFile {
    @Override
    public long getLength() {
      try {
        return Files.size(path);
      } catch (NoSuchFileException e) {
        throw new NotFoundException("File does not exist: %s", location);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public SeekableInputStream newStream() {
      try {
        return new ChannelInput(FileChannel.open(path, StandardOpenOption.READ));
      } catch (NoSuchFileException e) {
        throw new NotFoundException("File does not exist: %s", location);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public boolean exists() {
      return Files.exists(path);
    }
  }

  private record LocalOutput(String location, Path path) implements OutputFile {
    @Override
    public PositionOutputStream create() {
      return open(StandardOpenOption.CREATE_NEW);
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private PositionOutputStream open(OpenOption... create) {
      try {
        Files.createDirectories(path.getParent());
        OpenOption[] options = new OpenOption[create.length + 1];
        System.arraycopy(create, 0, options, 0, create.length);
        options[create.length] = StandardOpenOption.WRITE;
        return new ChannelOutput(FileChannel.open(path, options));
      } catch (FileAlreadyExistsException e) {
        throw new AlreadyExistsException("File already exists: %s", location);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public InputFile toInputFile() {
      return new LocalInput(location, path);
    }
  }

  private static final class ChannelInput extends SeekableInputStream {
    private final FileChannel ch;
    private final ByteBuffer one = ByteBuffer.allocate(1);

    ChannelInput(FileChannel ch) {
      this.ch = ch;
    }

    @Override
    public long getPos() throws IOException {
      return ch.position();
    }

    @Override
    public void seek(long newPos) throws IOException {
      ch.position(newPos);
    }

    @Override
    public int read() throws IOException {
      one.clear();
      int n = ch.read(one);
      return n <= 0 ? -1 : one.get(0) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return len == 0 ? 0 : ch.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }

  /** Buffers small writes (Parquet footers arrive a few bytes at a time). */
  private static final class ChannelOutput extends PositionOutputStream {
    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    private long flushed;

    ChannelOutput(FileChannel ch) {
      this.ch = ch;
    }

    @Override
    public long getPos() {
      return flushed + buf.position();
    }

    @Override
    public void write(int b) throws IOException {
      if (!buf.hasRemaining()) {
        drain();
      }
      buf.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > buf.remaining()) {
        drain();
      }
      if (len > buf.capacity()) {
        writeFully(ByteBuffer.wrap(b, off, len));
        flushed += len;
      } else {
        buf.put(b, off, len);
      }
    }

    private void drain() throws IOException {
      buf.flip();
      flushed += buf.remaining();
      writeFully(buf);
      buf.clear();
    }

    private void writeFully(ByteBuffer src) throws IOException {
      while (src.hasRemaining()) {
        ch.write(src);
      }
    }

    @Override
    public void close() throws IOException {
      if (ch.isOpen()) {
        drain();
        ch.force(true);
        ch.close();
      }
    }
  }
}
