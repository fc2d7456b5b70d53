package org.pmdi.viewer.latency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyOverTimeTest {
    @Test
    void binsAndKeepsTheSlowestAsExemplar() {
        LatencyOverTime o = LatencyOverTime.create(4, 1000);
        o.add(1, 10, 100, 5000);
        o.add(1, 11, 200, 5100);
        o.add(2, 12, 300, 90);
        var s = o.snapshot();
        assertThat(s.total()).isEqualTo(3);
        assertThat(s.cells(1)).hasSize(1);
        assertThat(s.cells(1).get(0).exemplarReq()).isEqualTo(11);
        assertThat(RequestPick.slowest(s, 1).req()).isEqualTo(11);
    }

    @Test
    void widensInsteadOfGrowing() {
        LatencyOverTime o = LatencyOverTime.create(4, 1000);
        for (int i = 0; i < 100; i++) {
            o.add(0, i + 1, i * 1000L, 1000 + i);
        }
        var s = o.snapshot();
        assertThat(s.total()).isEqualTo(100);
        assertThat(s.binNs()).isGreaterThanOrEqualTo(25_000);
        assertThat(s.cells().stream().mapToLong(LatencyOverTime.Cell::timeNs).max().orElse(0)).isLessThan(100_000);
    }
}
