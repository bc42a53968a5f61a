package dev.floe.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Which log this is: a random id made when the log is created, kept in its folder ({@code log-id}).
 * Positions restart at 1 in a new log, so positions a table holds for a node mean something only
 * for the log that wrote them; the id tells that log from a new one under the same node id (a new
 * volume, a wiped folder).
 *
 * @param id the log's id
 * @param predatesIds true for a log that already held records or a checkpoint when Floe began
 *     naming logs: positions a table holds for its node without a log id are this log's
 */
public record LogIdentity(String id, boolean predatesIds) {
  static final String FILE = "log-id";
  private static final String INHERITS = "predates-ids";

  /** Reads the identity kept in {@code dir}, or makes one and keeps it there. */
  static LogIdentity load(Path dir, boolean hasHistory) throws IOException {
    Path file = dir.resolve(FILE);
    if (Files.exists(file)) {
      String[] words = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+");
      if (!words[0].isEmpty()) {
        return new LogIdentity(words[0], words.length > 1 && words[1].equals(INHERITS));
      }
    }
    LogIdentity made =
        new LogIdentity(UUID.randomUUID().toString().replace("-", "").substring(0, 16), hasHistory);
    Path temp = dir.resolve(FILE + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      String text = made.id() + (hasHistory ? " " + INHERITS : "") + "\n";
      ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    return made;
  }
}
