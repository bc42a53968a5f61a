package dev.floe.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Figures per table ({@code FLOE_ROUTES}): events waiting, events and snapshots committed. A table
 * gets its label when the buffers make its lane, so the labels are bounded by the routes (plus the
 * tables the write-ahead log still names after a route change), never by what clients send.
 */
public final class TableFigures {
  public static final String BUFFERED = "floe_table_buffered_events";
  public static final String BUFFERED_HELP = "events waiting for a flush, by table";
  public static final String COMMITTED = "floe_table_committed_events";
  public static final String COMMITTED_HELP = "events in snapshots this node committed, by table";
  public static final String COMMITS = "floe_table_commits";
  public static final String COMMITS_HELP =
      "snapshots (or object sets) this node committed, by table";

  private final Map<String, FloeStats.Count> committed = new ConcurrentHashMap<>();
  private final Map<String, FloeStats.Count> commits = new ConcurrentHashMap<>();
  private volatile Supplier<Map<String, Long>> buffered = Map::of;
  private Consumer<String> onNewTable = t -> {};

  /** A table Floe writes; its figures start at zero. */
  public void table(String name) {
    Consumer<String> announce;
    synchronized (this) {
      if (committed.containsKey(name)) {
        return;
      }
      committed.put(name, new FloeStats.Count(COMMITTED, COMMITTED_HELP, name));
      commits.put(name, new FloeStats.Count(COMMITS, COMMITS_HELP, name));
      announce = onNewTable;
    }
    announce.accept(name);
  }

  /** One commit of {@code rows} events landed in {@code table}. */
  public void committed(String table, long rows) {
    table(table);
    committed.get(table).inc(rows);
    commits.get(table).inc(1);
  }

  /** Sets where the buffered figures come from: events waiting, by table. */
  public void source(Supplier<Map<String, Long>> s) {
    buffered = s;
  }

  /** Tables known so far, then every new one as it comes. */
  public synchronized void onNewTable(Consumer<String> hook) {
    committed.keySet().forEach(hook);
    onNewTable = hook;
  }

  /** Events waiting per table (zero for a table with none). */
  public Map<String, Long> buffered() {
    Map<String, Long> out = new TreeMap<>();
    committed.keySet().forEach(t -> out.put(t, 0L));
    buffered.get().forEach((t, n) -> out.merge(t, n, Long::sum));
    return out;
  }

  public long buffered(String table) {
    return buffered.get().getOrDefault(table, 0L);
  }

  public FloeStats.Count committedCount(String table) {
    return committed.get(table);
  }

  public FloeStats.Count commitCount(String table) {
    return commits.get(table);
  }

  /** Events committed so far, by table. */
  public Map<String, Long> committedByTable() {
    Map<String, Long> out = new TreeMap<>();
    committed.forEach((t, c) -> out.put(t, c.get()));
    return out;
  }

  /** Commits so far, by table. */
  public Map<String, Long> commitsByTable() {
    Map<String, Long> out = new TreeMap<>();
    commits.forEach((t, c) -> out.put(t, c.get()));
    return out;
  }
}
