package dev.floe.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeFiguresTest {

  @Test
  void clientChosenTypesGetAtMostFiftyLabels() {
    TypeFigures figures = new TypeFigures();
    List<String> announced = new ArrayList<>();
    figures.onNewLabel(announced::add);
    for (int i = 0; i < 500; i++) {
      figures.label("t" + i);
    }
    assertThat(announced).hasSize(TypeFigures.MAX_TYPES);
    assertThat(announced).startsWith("t0", "t1").endsWith(TypeFigures.OTHER);
    assertThat(figures.label("t3")).isEqualTo("t3");
    assertThat(figures.label("t499")).isEqualTo(TypeFigures.OTHER);
  }

  @Test
  void typesPastTheCapAddUpUnderOther() {
    TypeFigures figures = new TypeFigures();
    Map<String, TypeFigures.Figures> now = new HashMap<>();
    for (int i = 0; i < 60; i++) {
      now.put(String.format("t%02d", i), new TypeFigures.Figures(i + 1, 10));
      figures.label(String.format("t%02d", i));
    }
    figures.source(() -> now);
    Map<String, TypeFigures.Figures> byLabel = figures.byLabel();
    assertThat(byLabel).hasSize(TypeFigures.MAX_TYPES);
    assertThat(byLabel.get("t00")).isEqualTo(new TypeFigures.Figures(1, 10));
    // t49..t59 share one label: 50 + ... + 60 events, 11 × 10 bytes
    assertThat(byLabel.get(TypeFigures.OTHER)).isEqualTo(new TypeFigures.Figures(605, 110));
    assertThat(figures.events("t10")).isEqualTo(11);
  }

  @Test
  void labelsStayWithZeroWhenTheirTypeIsFlushed() {
    TypeFigures figures = new TypeFigures();
    figures.label("a");
    figures.source(Map::of);
    assertThat(figures.byLabel()).containsEntry("a", new TypeFigures.Figures(0, 0));
  }
}
