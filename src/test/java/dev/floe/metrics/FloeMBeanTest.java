package dev.floe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import javax.management.MBeanAttributeInfo;
import org.junit.jupiter.api.Test;

class FloeMBeanTest {
  @Test
  void everyFigureIsAnAttribute() throws Exception {
    FloeStats stats = new FloeStats();
    stats.eventsAccepted.inc(3);
    stats.flushDuration.record(2_000_000_000L);
    stats.bufferedEvents.source(() -> 7);
    stats.rejected("too_large");
    FloeMBean bean = new FloeMBean(stats);

    assertThat(bean.getAttribute("EventsAcceptedTotal")).isEqualTo(3L);
    assertThat(bean.getAttribute("FlushDurationCount")).isEqualTo(1L);
    assertThat(bean.getAttribute("FlushDurationMeanSeconds")).isEqualTo(2.0);
    assertThat(bean.getAttribute("BufferedEvents")).isEqualTo(7.0);
    assertThat(bean.getAttribute("RequestsRejectedByReason")).isEqualTo("{too_large=1}");
    assertThat(Arrays.stream(bean.getMBeanInfo().getAttributes()).map(MBeanAttributeInfo::getName))
        .contains("WalFsyncDurationMaxSeconds", "OldestBufferedEventAgeSeconds", "WalBytes");
  }

  @Test
  void attachedSinksGetWhatWasCountedBefore() {
    FloeStats stats = new FloeStats();
    stats.eventsCommitted.inc(5);
    long[] mirrored = new long[1];
    stats.eventsCommitted.attach(n -> mirrored[0] += n);
    stats.eventsCommitted.inc(2);
    assertThat(mirrored[0]).isEqualTo(7);
    assertThat(stats.eventsCommitted.get()).isEqualTo(7);
  }
}
