package dev.floe.buffer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The crash tests' point of failure: ends the process right after a commit landed, before the
 * write-ahead log learns of it. Never in Floe's WAR: {@link #addTo} copies the WAR and adds this
 * observer to the copy, where the application finds it with {@link java.util.ServiceLoader}.
 */
public final class HaltAfterCommit implements CommitObserver {
  /** The exit code of the halted process. */
  public static final int EXIT_CODE = 99;

  public HaltAfterCommit() {}

  @Override
  public void committed(Map<String, String> summary) {
    Runtime.getRuntime().halt(EXIT_CODE);
  }

  /**
   * A copy of {@code war}, in {@code dir}, whose {@code WEB-INF/classes} also hold this observer
   * and its service entry.
   */
  public static Path addTo(Path war, Path dir) throws IOException {
    Path copy = dir.resolve("floe-halt-after-commit.war");
    Files.copy(war, copy, StandardCopyOption.REPLACE_EXISTING);
    String classFile = HaltAfterCommit.class.getName().replace('.', '/') + ".class";
    try (FileSystem zip = FileSystems.newFileSystem(copy);
        InputStream bytes = HaltAfterCommit.class.getClassLoader().getResourceAsStream(classFile)) {
      Path classes = zip.getPath("WEB-INF/classes");
      Files.copy(bytes, classes.resolve(classFile), StandardCopyOption.REPLACE_EXISTING);
      Path services = classes.resolve("META-INF/services");
      Files.createDirectories(services);
      Files.writeString(
          services.resolve(CommitObserver.class.getName()), HaltAfterCommit.class.getName() + "\n");
    }
    return copy;
  }
}
