package dev.floe.metrics;

import dev.floe.config.Version;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Hands Floe's figures to the server's MicroProfile Metrics (Prometheus text at {@code /metrics},
 * application scope): counters mirror every increment, timers every duration, gauges read the live
 * value. On a server without MicroProfile Metrics this bean is simply not used.
 */
@ApplicationScoped
public class MicroProfileMetrics {
  @Inject FloeStats stats;

  @Inject
  @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
  MetricRegistry registry;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    for (FloeStats.Count c : stats.counts()) {
      Counter counter = registry.counter(meta(c.name, c.help, MetricUnits.NONE));
      c.attach(counter::inc);
    }
    stats.onReasonCount(
        c -> {
          Counter counter =
              registry.counter(meta(c.name, c.help, MetricUnits.NONE), new Tag("reason", c.reason));
          c.attach(counter::inc);
        });
    for (Timing t : stats.timings()) {
      Timer timer = registry.timer(meta(t.name, t.help, MetricUnits.SECONDS));
      t.attach(timer::update);
    }
    for (FloeStats.Gauge g : stats.gauges()) {
      registry.gauge(meta(g.name, g.help, g.unit), g, FloeStats.Gauge::get);
    }
    registry.gauge(
        meta("floe_build_info", "always 1; the label says which Floe this is", MetricUnits.NONE),
        () -> 1,
        new Tag("version", Version.value()));
    TypeFigures byType = stats.byType;
    byType.onNewLabel(
        label -> {
          Tag tag = new Tag("type", label);
          registry.gauge(
              meta(TypeFigures.EVENTS, TypeFigures.EVENTS_HELP, MetricUnits.NONE),
              byType,
              f -> f.events(label),
              tag);
          registry.gauge(
              meta(TypeFigures.BYTES, TypeFigures.BYTES_HELP, MetricUnits.NONE),
              byType,
              f -> f.bytes(label),
              tag);
          Counter accepted =
              registry.counter(
                  meta(TypeFigures.ACCEPTED, TypeFigures.ACCEPTED_HELP, MetricUnits.NONE), tag);
          byType.acceptedCount(label).attach(accepted::inc);
        });
    TableFigures byTable = stats.byTable;
    byTable.onNewTable(
        table -> {
          Tag tag = new Tag("table", table);
          registry.gauge(
              meta(TableFigures.BUFFERED, TableFigures.BUFFERED_HELP, MetricUnits.NONE),
              byTable,
              f -> f.buffered(table),
              tag);
          Counter committed =
              registry.counter(
                  meta(TableFigures.COMMITTED, TableFigures.COMMITTED_HELP, MetricUnits.NONE), tag);
          byTable.committedCount(table).attach(committed::inc);
          Counter commits =
              registry.counter(
                  meta(TableFigures.COMMITS, TableFigures.COMMITS_HELP, MetricUnits.NONE), tag);
          byTable.commitCount(table).attach(commits::inc);
        });
  }

  private static Metadata meta(String name, String help, String unit) {
    return Metadata.builder().withName(name).withDescription(help).withUnit(unit).build();
  }
}
