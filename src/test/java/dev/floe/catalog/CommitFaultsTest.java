package dev.floe.catalog;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The commit fault scenarios on the embedded default: a local warehouse folder. */
class CommitFaultsTest extends CommitFaultsContract {
  @TempDir Path warehouse;

  @Override
  TableStorage storage(String location) {
    return new LocalStorage(warehouse, location);
  }
}
