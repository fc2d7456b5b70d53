package org.pmdi.analysis.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pmdi.trace.EventType;

/**
 * TraceAnalyzer hands the tracker only the types below HEARTBEAT (its health and log records
 * go elsewhere, to keep its per-event method small): that is right only while the tracker
 * ignores every type from HEARTBEAT up. This fails when a type on a request's path is added
 * there.
 */
class IgnoredTypesTest {
    @Test
    void theTrackerIgnoresEveryTypeFromHeartbeatUp() {
        for (int type = EventType.HEARTBEAT.id(); type < 128; type++) {
            RequestTracker t = RequestTracker.create(4);
            t.onEvent(0, type, 1000, 5, new long[8]);
            t.onEvent(1, type, 1001, 5, new long[8]);
            assertThat(t.openCount()).as("type %d", type).isZero();
            assertThat(t.ignoredNoReqCount()).as("type %d", type).isZero();
        }
    }

    @Test
    void aTypeOnTheRequestPathIsNotIgnored() {
        RequestTracker t = RequestTracker.create(4);
        t.onEvent(1, EventType.DISPATCH.id(), 1000, 5, new long[8]);
        assertThat(t.openCount()).isEqualTo(1);
    }
}
