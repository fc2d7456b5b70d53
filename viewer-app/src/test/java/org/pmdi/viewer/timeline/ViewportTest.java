package org.pmdi.viewer.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ViewportTest {
    @Test
    void zoomKeepsTheAnchorInPlace() {
        Viewport v = Viewport.of(0, 1_000_000, 1000);
        Viewport z = v.zoom(4, 250);
        assertThat(z.spanNs()).isEqualTo(250_000);
        assertThat(z.ns(250)).isBetween(249_000L, 251_000L);
    }

    @Test
    void panAndClamp() {
        Viewport v = Viewport.of(0, 1000, 100).pan(50);
        assertThat(v.startNs()).isEqualTo(500);
        Viewport c = Viewport.of(-500, 500, 100).clamp(10_000);
        assertThat(c.startNs()).isZero();
        assertThat(c.spanNs()).isEqualTo(1000);
    }

    @Test
    void neverNarrowerThanTheMinimum() {
        Viewport v = Viewport.of(0, 1_000, 100).zoom(1e9, 50);
        assertThat(v.spanNs()).isGreaterThanOrEqualTo(Viewport.MIN_SPAN_NS);
    }

    @Test
    void rulerUsesRealUnitsAndNiceSteps() {
        assertThat(TimeRuler.format(1_500_000)).isEqualTo("1.5 ms");
        assertThat(TimeRuler.format(2_000)).isEqualTo("2 µs");
        assertThat(TimeRuler.format(750)).isEqualTo("750 ns");
        assertThat(TimeRuler.format(3_000_000_000L)).isEqualTo("3 s");
        Viewport v = Viewport.of(0, 1_000_000_000, 1000);
        assertThat(TimeRuler.step(v, 90)).isEqualTo(100_000_000);
        assertThat(TimeRuler.ticks(v, 90)).extracting(TimeRuler.Tick::label).contains("0 ns", "100 ms", "1 s");
    }
}
