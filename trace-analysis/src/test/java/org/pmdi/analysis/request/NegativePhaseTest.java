package org.pmdi.analysis.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of the negative-phase test of a finalized request: a phase of −1 ns is
 * negative, a missing one (ABSENT, the most negative long) is not. (A class of its own: the
 * build runs *Test classes, not RequestTrackerProperties.)
 */
class NegativePhaseTest {
    @Test
    void aPhaseOfMinusOneNanosecondIsNegativeAndAMissingOneIsNot() {
        RequestTracker t = RequestTracker.create(4);
        List<Request> done = new ArrayList<>();
        t.addListener(v -> done.add(v.toRequest()));
        t.onEvent(0, 1, 1000, 1, new long[] {0, 1, 0, 0, 0});
        t.onEvent(0, 3, 1010, 1, new long[] {0, 0});
        t.onEvent(1, 6, 1009, 1, new long[] {0}); // DRV_BEGIN 1 ns before the doorbell; no DISPATCH
        t.onEvent(1, 7, 1020, 1, new long[] {0, 0});
        t.onEvent(1, 8, 1030, 1, new long[] {0, 0});
        t.onEvent(1, 3, 1040, 1, new long[] {1, 0});
        t.onEvent(0, 9, 1100, 1, new long[] {0});
        t.onEvent(0, 10, 1110, 1, new long[] {0});
        t.finish();
        Request r = done.get(0);
        assertThat(r.phaseNs(Phase.DISPATCH_WAIT)).isEqualTo(-1);
        assertThat(r.flags() & RequestFlags.NEGATIVE_INTERVAL).isNotZero();
        assertThat(t.negativeIntervalCount() + t.negativeWithinClockCount()).isEqualTo(1);

        t.onEvent(0, 1, 2000, 2, new long[] {0, 1, 0, 0, 0});
        t.onEvent(0, 10, 2100, 2, new long[] {0}); // only POST and DONE: the other phases are missing
        t.finish();
        assertThat(done).hasSize(2);
        assertThat(done.get(1).flags() & RequestFlags.NEGATIVE_INTERVAL).isZero();
        assertThat(t.negativeIntervalCount() + t.negativeWithinClockCount()).isEqualTo(1);
    }
}
