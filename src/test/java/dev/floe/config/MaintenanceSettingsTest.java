package dev.floe.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MaintenanceSettingsTest {

  private static MaintenanceSettings of(Map<String, String> m) {
    return FloeSettings.from(k -> Optional.ofNullable(m.get(k))).maintenance();
  }

  @Test
  void defaults() {
    MaintenanceSettings m = of(Map.of());
    assertThat(m.enabled()).isTrue();
    assertThat(m.intervalMs()).isEqualTo(300_000L);
    assertThat(m.compactionThreshold()).isEqualTo(10);
    assertThat(m.targetFileBytes()).isEqualTo(128L * 1024 * 1024);
    assertThat(m.snapshotMaxAgeMs()).isEqualTo(3_600_000L);
    assertThat(m.snapshotMinKeep()).isEqualTo(100);
    assertThat(m.metadataVersionsKept()).isEqualTo(20);
    assertThat(m.orphanGraceMs()).isEqualTo(86_400_000L);
  }

  @Test
  void keysAreReadAndBadValuesNameTheKey() {
    MaintenanceSettings m =
        of(
            Map.of(
                "floe.maintenance", "false",
                "floe.snapshot.max.age", "7d",
                "floe.snapshot.min.keep", "5",
                "floe.orphan.grace", "3h"));
    assertThat(m.enabled()).isFalse();
    assertThat(m.snapshotMaxAgeMs()).isEqualTo(7 * 86_400_000L);
    assertThat(m.snapshotMinKeep()).isEqualTo(5);
    assertThat(m.orphanGraceMs()).isEqualTo(3 * 3_600_000L);
    assertThat(m.toString()).isEqualTo("maintenance=off");
    assertThatThrownBy(() -> of(Map.of("floe.snapshot.min.keep", "0")))
        .hasMessageContaining("FLOE_SNAPSHOT_MIN_KEEP");
    assertThatThrownBy(() -> of(Map.of("floe.maintenance.interval", "0")))
        .hasMessageContaining("FLOE_MAINTENANCE_INTERVAL");
    assertThatThrownBy(() -> of(Map.of("compaction.threshold", "1")))
        .hasMessageContaining("COMPACTION_THRESHOLD");
  }
}
