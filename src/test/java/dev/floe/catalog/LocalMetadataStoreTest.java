package dev.floe.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions in a local folder: created once, by exactly one writer. */
class LocalMetadataStoreTest {
  @TempDir Path dir;

  /** The store's step that links a written file under a version's name. */
  private interface Link {
    void run(Path name, Path file) throws IOException;
  }

  /** What a test does in place of the link step, handed the real one. */
  private interface LinkHook {
    void link(Path name, Path file, Link real) throws IOException;
  }

  private LocalMetadataStore linkingThrough(LinkHook hook) {
    return new LocalMetadataStore(dir) {
      @Override
      void link(Path name, Path file) throws IOException {
        hook.link(name, file, super::link);
      }
    };
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aVersionIsCreatedOnceAndTheSecondWriterLoses() throws IOException {
    LocalMetadataStore store = new LocalMetadataStore(dir);
    assertThat(store.createVersion(1, bytes("ours"))).isTrue();
    assertThat(store.createVersion(1, bytes("theirs"))).isFalse();
    assertThat(store.read(1)).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("ours")));
  }

  /** A network file system resends a link whose answer was lost; the resend finds the name. */
  @Test
  void aRetriedLinkThatFindsItsOwnWorkCountsAsOurs() throws IOException {
    LocalMetadataStore store =
        linkingThrough(
            (name, file, link) -> {
              link.run(name, file); // the first attempt lands, its answer is lost
              link.run(name, file); // the retry finds the name taken
            });
    assertThat(store.createVersion(1, bytes("ours"))).isTrue();
  }

  @Test
  void aRetriedLinkThatFindsAnotherWritersVersionLoses() throws IOException {
    LocalMetadataStore store =
        linkingThrough(
            (name, file, link) -> {
              Files.write(name, bytes("theirs")); // another writer got there first
              link.run(name, file);
            });
    assertThat(store.createVersion(1, bytes("ours"))).isFalse();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("v1.metadata.json");
    }
  }
}
