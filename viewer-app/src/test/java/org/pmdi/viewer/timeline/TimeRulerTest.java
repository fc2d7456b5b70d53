package org.pmdi.viewer.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ruler labels and precise times stay distinct however far from 0 the view is. */
class TimeRulerTest {
    @Test
    void formatsWithTheDecimalsTheResolutionNeeds() {
        assertThat(TimeRuler.formatAt(1_467_200_000L, 200_000)).isEqualTo("1.4672 s");
        assertThat(TimeRuler.formatAt(1_467_104_321L, 1)).isEqualTo("1.467104321 s");
        assertThat(TimeRuler.formatAt(2_000_000_000L, 1_000_000_000L)).isEqualTo("2 s");
        assertThat(TimeRuler.formatAt(1_000_000_000L, 100_000_000L)).isEqualTo("1 s");
        assertThat(TimeRuler.formatAt(1_467_000_000L, 200_000)).isEqualTo("1.467 s");
        assertThat(TimeRuler.formatAt(12_345_678L, 1_000)).isEqualTo("12.346 ms");
        assertThat(TimeRuler.formatAt(-1_500, 100)).isEqualTo("-1.5 µs");
        assertThat(TimeRuler.formatAt(999, 1)).isEqualTo("999 ns");
    }

    @Test
    void ticksOfANarrowViewFarFromZeroReadDifferently() {
        // 2 ms at 1.467 s on 1000 px: ticks every 200 µs
        List<TimeRuler.Tick> ticks = TimeRuler.ticks(Viewport.of(1_466_000_000L, 1_468_000_000L, 1000), 90);
        assertThat(ticks).hasSizeGreaterThan(5);
        assertThat(new HashSet<>(ticks.stream().map(TimeRuler.Tick::label).toList())).hasSameSizeAs(ticks);
    }
}
