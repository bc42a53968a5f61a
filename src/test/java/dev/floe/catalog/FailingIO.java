package dev.floe.catalog;

import java.io.IOException;
import java.util.function.Function;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * A FileIO whose file writes (data files, manifests, manifest lists) go through a {@link
 * FailingStore}'s fault plan as {@link FailingStore.Kind#WRITE}: a write can fail before anything
 * is stored, or after the file was stored and its answer lost.
 */
final class FailingIO implements FileIO {
  private final FileIO delegate;
  private final Function<FailingStore.Kind, FailingStore.Mode> plan;

  FailingIO(FileIO delegate, Function<FailingStore.Kind, FailingStore.Mode> plan) {
    this.delegate = delegate;
    this.plan = plan;
  }

  @Override
  public InputFile newInputFile(String path) {
    return delegate.newInputFile(path);
  }

  @Override
  public OutputFile newOutputFile(String path) {
    OutputFile file = delegate.newOutputFile(path);
    return new OutputFile() {
      @Override
      public PositionOutputStream create() {
        return failing(file.create(), plan.apply(FailingStore.Kind.WRITE));
      }

      @Override
      public PositionOutputStream createOrOverwrite() {
        return failing(file.createOrOverwrite(), plan.apply(FailingStore.Kind.WRITE));
      }

      @Override
      public String location() {
        return file.location();
      }

      @Override
      public InputFile toInputFile() {
        return file.toInputFile();
      }
    };
  }

  private static PositionOutputStream failing(PositionOutputStream out, FailingStore.Mode mode) {
    if (mode == null) {
      return out;
    }
    return new PositionOutputStream() {
      @Override
      public long getPos() throws IOException {
        return out.getPos();
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        if (mode == FailingStore.Mode.BEFORE) {
          // not closed: an upload never starts; a local file stays as a failed write leaves it
          throw new IOException("injected: WRITE failed before the file was stored");
        }
        out.close();
        throw new IOException("injected: WRITE lost its answer after the file was stored");
      }
    };
  }

  @Override
  public void deleteFile(String path) {
    delegate.deleteFile(path);
  }
}
