package dev.floe.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;

/**
 * Floe's figures as one JMX MBean ({@code dev.floe:type=Floe}), for jconsole, VisualVM and the
 * servers' monitoring consoles: every counter, timing (count, mean and max seconds) and gauge of
 * {@link FloeStats}, read-only, named in CamelCase.
 */
public final class FloeMBean implements DynamicMBean {
  private final Map<String, Supplier<Object>> attributes = new LinkedHashMap<>();
  private final Map<String, String> descriptions = new LinkedHashMap<>();
  private final Map<String, String> types = new LinkedHashMap<>();

  public FloeMBean(FloeStats stats) {
    for (FloeStats.Count c : stats.counts()) {
      add(camel(c.name) + "Total", c.help, "long", c::get);
    }
    for (Timing t : stats.timings()) {
      add(camel(t.name) + "Count", t.help + ": how many", "long", t::count);
      add(camel(t.name) + "MeanSeconds", t.help + ": mean seconds", "double", t::meanSeconds);
      add(camel(t.name) + "MaxSeconds", t.help + ": longest, seconds", "double", t::maxSeconds);
    }
    for (FloeStats.Gauge g : stats.gauges()) {
      add(camel(g.name), g.help, "double", g::get);
    }
    add(
        "RequestsRejectedByReason",
        "ingest requests refused, by reason",
        "java.lang.String",
        () -> stats.rejectedByReason().toString());
  }

  private void add(String name, String help, String type, Supplier<Object> value) {
    attributes.put(name, value);
    descriptions.put(name, help);
    types.put(name, type);
  }

  /** {@code floe_events_accepted} → {@code EventsAccepted}. */
  static String camel(String metric) {
    StringBuilder out = new StringBuilder();
    for (String part : metric.replaceFirst("^floe_", "").split("_")) {
      if (!part.isEmpty()) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return out.toString();
  }

  @Override
  public Object getAttribute(String name) throws AttributeNotFoundException {
    Supplier<Object> v = attributes.get(name);
    if (v == null) {
      throw new AttributeNotFoundException(name);
    }
    return v.get();
  }

  @Override
  public void setAttribute(Attribute attribute) {
    throw new UnsupportedOperationException("Floe's figures are read-only");
  }

  @Override
  public AttributeList getAttributes(String[] names) {
    AttributeList out = new AttributeList();
    for (String n : names) {
      Supplier<Object> v = attributes.get(n);
      if (v != null) {
        out.add(new Attribute(n, v.get()));
      }
    }
    return out;
  }

  @Override
  public AttributeList setAttributes(AttributeList attributes) {
    return new AttributeList();
  }

  @Override
  public Object invoke(String action, Object[] params, String[] signature) {
    throw new UnsupportedOperationException("no operations");
  }

  @Override
  public MBeanInfo getMBeanInfo() {
    List<MBeanAttributeInfo> infos = new ArrayList<>();
    attributes
        .keySet()
        .forEach(
            n ->
                infos.add(
                    new MBeanAttributeInfo(
                        n, types.get(n), descriptions.get(n), true, false, false)));
    return new MBeanInfo(
        FloeMBean.class.getName(),
        "Floe: events in, Iceberg commits out",
        infos.toArray(MBeanAttributeInfo[]::new),
        null,
        null,
        null);
  }
}
