package dev.floe.it.matrix;

import dev.floe.it.fixtures.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks into a running server JVM from outside, as an operator would: its resident memory from
 * /proc, its threads through {@code jcmd Thread.print}, the classes it has loaded through {@code
 * jcmd VM.class_hierarchy}, and which process listens on a port through {@code ss}.
 */
final class JvmProbe {
  /**
   * Threads that Floe, or a library inside Floe's archive, starts: Floe's own ({@code
   * floe-final-commit}), Iceberg's worker pools, the AWS SDK's reaper and schedulers, Hadoop's
   * statistics cleaner. A server's own pools (EJB, managed executors, HTTP) are not among them.
   */
  static final Pattern FLOE_THREAD =
      Pattern.compile(
          "(?i)^(floe\\b.*|iceberg-.*|idle-connection-reaper.*|sdk-.*|aws-.*|.*hadoop.*|parquet.*)");

  private static final Pattern THREAD_LINE = Pattern.compile("^\"(.*)\" #\\d+", Pattern.MULTILINE);
  private static final Pattern SS_PID = Pattern.compile("pid=(\\d+)");

  private JvmProbe() {}

  /** Resident set size in MiB, from {@code VmRSS} in /proc/PID/status. */
  static double rssMib(long pid) {
    for (String line : read(Path.of("/proc", Long.toString(pid), "status")).lines().toList()) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new AssertionError("no VmRSS in /proc/" + pid + "/status");
  }

  /** The names of every live thread of the JVM. */
  static List<String> threads(long pid) {
    Matcher m = THREAD_LINE.matcher(jcmd(pid, "Thread.print"));
    List<String> names = new java.util.ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    if (names.isEmpty()) {
      throw new AssertionError("jcmd " + pid + " Thread.print listed no thread");
    }
    return names;
  }

  /** The threads of {@link #threads} that Floe or its libraries started, sorted. */
  static List<String> floeThreads(long pid) {
    return threads(pid).stream().filter(n -> FLOE_THREAD.matcher(n).matches()).sorted().toList();
  }

  /**
   * How many copies of a class the JVM holds, one per class loader that loaded it, after a full GC:
   * more than one when an undeployed application's class loader is still reachable.
   */
  static int loadedCopies(long pid, String className) {
    jcmd(pid, "GC.run");
    String hierarchy = jcmd(pid, "VM.class_hierarchy");
    Matcher m = Pattern.compile("[-|]" + Pattern.quote(className) + "/").matcher(hierarchy);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** The process listening on the loopback TCP port, as {@code ss -ltnp} reports it. */
  static long pidListeningOn(int port) {
    String out = run(List.of("ss", "-Hltnp", "sport", "=", ":" + port), Duration.ofSeconds(10));
    Matcher m = SS_PID.matcher(out);
    if (!m.find()) {
      throw new AssertionError("no process listens on port " + port + ": ss said " + out);
    }
    return Long.parseLong(m.group(1));
  }

  private static String jcmd(long pid, String command) {
    return run(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            Long.toString(pid),
            command),
        Duration.ofSeconds(60));
  }

  private static String run(List<String> command, Duration timeout) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!Processes.awaitExit(p, timeout) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new AssertionError(
            command + " failed: " + new String(out, StandardCharsets.UTF_8).strip());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
