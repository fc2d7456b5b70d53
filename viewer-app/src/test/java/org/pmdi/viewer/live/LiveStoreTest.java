package org.pmdi.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pmdi.trace.EventType;
import org.pmdi.trace.TraceEvent;
import org.pmdi.viewer.bench.SyntheticTrace;
import org.pmdi.viewer.timeline.LaneLayout;
import org.pmdi.viewer.timeline.Viewport;

/** Live events are mapped like the file's (Linux through CLOCK_SYNC) and only the drawn range is copied. */
class LiveStoreTest {
    @Test
    void mapsLinuxEventsAndServesRanges() {
        LiveStore s = new LiveStore(1 << 16);
        s.header(SyntheticTrace.header());
        long khz = SyntheticTrace.TSC_KHZ;
        long t0 = 1_000_000_000L;
        s.add(TraceEvent.fixed(0, 0, EventType.REQ_POST.id(), t0, 5, 1, 1, 0, 4096, 0), t0);
        s.add(TraceEvent.fixed(1, 0, EventType.CLOCK_SYNC.id(), t0 - SyntheticTrace.LINUX_OFFSET, 0,
                SyntheticTrace.LINUX_OFFSET, 10, 20), t0);
        // 10 µs later on the AP clock, written by Linux cpu 0 with its own TSC
        long linuxTsc = t0 + 10 * khz / 1000 - SyntheticTrace.LINUX_OFFSET;
        s.add(TraceEvent.fixed(1, 1, EventType.DISPATCH.id(), linuxTsc, 5, 1), t0);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.lastNs()).isEqualTo(10_000);
        // the DISPATCH, and the REQ_POST of the still outstanding request 5 from before the range
        assertThat(s.range(5_000, 20_000).size()).isEqualTo(2);
        LiveTimelineModel m = new LiveTimelineModel(s);
        assertThat(m.layout().deviceLane(SyntheticTrace.VDB)).isNotNull();
        var d = m.dataFor(Viewport.of(0, 20_000, 500), () -> { });
        assertThat(d.spans().get(5).at(org.pmdi.analysis.request.Point.DISPATCH)).isEqualTo(10_000);
        assertThat(m.builtCount()).isEqualTo(3);
        assertThat(LaneLayout.of(null).lanes()).hasSize(1);
        // request 5 is still outstanding: a later view still holds its REQ_POST
        assertThat(s.outstanding()).isEqualTo(1);
        assertThat(s.range(15_000, 30_000).size()).isEqualTo(1);
        s.add(TraceEvent.fixed(0, 1, EventType.REQ_DONE.id(), t0 + 20 * khz / 1000, 5, 0), t0);
        assertThat(s.outstanding()).isZero();
        assertThat(s.range(25_000, 30_000).size()).isZero();
    }
}
