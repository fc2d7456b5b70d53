package org.pmdi.analysis.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The EVENTS_LOST headline never claims an exact count the stream cannot give: a corrupt
 * frame or a recording gap hides how many events it held.
 */
class EventsLostHeadlineTest {
    private static String headline(long seqGaps, long corrupt, int gaps) {
        HealthMonitor h = HealthMonitor.create();
        h.lossCounts(seqGaps, corrupt, 0, 0);
        for (int i = 0; i < gaps; i++) {
            h.onGap();
        }
        List<Finding> f = h.findings(0, StuckThresholds.defaults(), null, null).stream()
                .filter(x -> x.kind() == FindingKind.EVENTS_LOST).toList();
        return f.isEmpty() ? null : f.get(0).summary();
    }

    @Test
    void anExactCountOnlyWhenEveryLossWasCounted() {
        assertThat(headline(0, 0, 0)).isNull();
        assertThat(headline(7, 0, 0)).startsWith("7 event(s) lost: ");
    }

    @Test
    void aLowerBoundBesideCorruptFramesOrGaps() {
        assertThat(headline(7, 2, 0)).startsWith("at least 7 event(s) lost, more may be in 2 corrupt or unknown frame(s):");
        assertThat(headline(7, 1, 3)).contains("at least 7", "1 corrupt or unknown frame(s) and 3 recording gap(s)");
    }

    @Test
    void unknownWhenNothingWasCounted() {
        assertThat(headline(0, 1, 0)).startsWith("an unknown number of event(s) lost in 1 corrupt or unknown frame(s):")
                .doesNotContain("0 event(s)");
        assertThat(headline(0, 0, 2)).startsWith("an unknown number of event(s) lost in 2 recording gap(s)");
    }
}
