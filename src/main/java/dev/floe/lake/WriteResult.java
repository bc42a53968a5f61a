package dev.floe.lake;

import java.util.List;
import org.apache.iceberg.DataFile;

/** The closed data files of one flush, not yet committed. */
public record WriteResult(List<DataFile> files, long rows) implements FlushSink.Written {
  @Override
  public List<String> paths() {
    return files.stream().map(DataFile::location).toList();
  }
}
