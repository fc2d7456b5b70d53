package org.pmdi.viewer.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pmdi.analysis.request.Phase;
import org.pmdi.viewer.TestTraces;
import org.pmdi.viewer.bench.SyntheticTrace;
import org.pmdi.viewer.data.OpenedTrace;

/** The draw list is built and checked without a screen. */
class DrawListBuilderTest {
    private static OpenedTrace trace;
    private static FileTimelineModel model;
    private final DrawListBuilder builder = new DrawListBuilder();

    @BeforeAll
    static void open() throws Exception {
        trace = OpenedTrace.open(TestTraces.slowDisk());
        model = new FileTimelineModel(trace, Executors.newSingleThreadExecutor());
    }

    @AfterAll
    static void close() throws Exception {
        trace.close();
    }

    @Test
    void zoomedOutWithoutAWindowDrawsBucketSummariesOnePerPixelAtMost() {
        Viewport v = Viewport.of(0, trace.durationNs(), 800);
        DrawList d = builder.build(v, model.current());
        assertThat(d.isSummary()).isTrue();
        assertThat(d.count(DrawList.DENSITY)).isGreaterThan(0);
        // at most one bar per pixel column per device lane plus the density lane
        assertThat(d.size()).isLessThanOrEqualTo(800 * (trace.header().devices().size() + 1) + 800);
        for (int i = 0; i < d.size(); i++) {
            assertThat(d.x(i)).isBetween(0.0, 800.0);
        }
    }

    @Test
    void slowDeviceIsHotterInTheSummary() {
        Viewport v = Viewport.of(0, trace.durationNs(), 400);
        DrawList d = builder.build(v, model.current());
        LaneLayout lay = model.layout();
        double vda = lay.deviceLane(SyntheticTrace.VDA).y();
        double vdb = lay.deviceLane(SyntheticTrace.VDB).y();
        int hotVdb = 0;
        int hotVda = 0;
        for (int i = 0; i < d.size(); i++) {
            int red = (d.argb(i) >> 16) & 0xff;
            int blue = d.argb(i) & 0xff;
            if (d.kind(i) == DrawList.DENSITY && red > blue) {
                if (d.y(i) >= vdb && d.y(i) < vdb + LaneLayout.DEVICE_LANE) {
                    hotVdb++;
                } else if (d.y(i) >= vda && d.y(i) < vda + LaneLayout.DEVICE_LANE) {
                    hotVda++;
                }
            }
        }
        assertThat(hotVdb).isGreaterThan(hotVda);
    }

    @Test
    void zoomedInDrawsPhasesArrowsAndOnlyWhatIsVisible() {
        long mid = trace.durationNs() / 2;
        Viewport v = Viewport.of(mid, mid + 400_000, 1000);
        TimelineData data = model.decode(v.startNs() - v.spanNs(), v.endNs() + v.spanNs());
        DrawList d = builder.build(v, data);
        assertThat(d.isSummary()).isFalse();
        assertThat(d.count(DrawList.RECT)).isGreaterThan(10);
        assertThat(d.count(DrawList.ARROW)).isGreaterThan(0);
        for (int i = 0; i < d.size(); i++) {
            if (d.kind(i) == DrawList.RECT) {
                assertThat(d.x(i)).isBetween(0.0, 1000.0);
                assertThat(d.x(i) + d.w(i)).isLessThanOrEqualTo(1000.5);
            }
        }
        boolean driver = false;
        for (int i = 0; i < d.size(); i++) {
            driver |= d.argb(i) == PhaseColors.of(Phase.DRIVER);
        }
        assertThat(driver).isTrue();
    }

    @Test
    void subPixelItemsAreAggregated() {
        // 100 ms on 1000 px: over a thousand requests, most narrower than a pixel
        Viewport v = Viewport.of(400_000_000, 500_000_000, 1000);
        TimelineData data = model.decode(0, trace.durationNs() + 1);
        DrawList d = builder.build(v, data);
        assertThat(d.isSummary()).isFalse();
        int visible = data.spans().countStartingIn(v.startNs(), v.endNs());
        assertThat(visible).isGreaterThan(1000);
        assertThat(d.count(DrawList.RECT)).isLessThan(1000 * model.layout().rowCount());
        assertThat(d.count(DrawList.ARROW)).isLessThanOrEqualTo(2 * visible);
    }

    @Test
    void denseViewUsesSummariesAndStillShowsTheOutstandingRequests() {
        Viewport v = Viewport.of(0, trace.durationNs(), 800);
        TimelineData data = model.decode(0, trace.durationNs() + 1).withSelection(SyntheticTrace.STUCK_DOORBELL_REQ);
        DrawList d = builder.build(v, data);
        assertThat(d.isSummary()).isTrue();
        long outstanding = 0;
        for (int i = 0; i < d.size(); i++) {
            if (d.argb(i) == PhaseColors.OUTSTANDING) {
                outstanding++;
                assertThat(d.req(i)).isIn(SyntheticTrace.STUCK_DOORBELL_REQ, SyntheticTrace.STUCK_IN_DRIVER_REQ);
            }
        }
        assertThat(outstanding).isEqualTo(2);
        assertThat(d.count(DrawList.OUTLINE)).isEqualTo(1);
    }

    @Test
    void stuckRequestIsDrawnOutstandingAndHitTestable() {
        TimelineData data = model.decode(0, trace.durationNs() + 1);
        WindowRequests.Span s = data.spans().get(SyntheticTrace.STUCK_IN_DRIVER_REQ);
        assertThat(s).isNotNull();
        assertThat(s.done()).isFalse();
        assertThat(s.dev()).isEqualTo(SyntheticTrace.VDB);
        Viewport v = Viewport.around(s.start(), s.start() + 2_000_000, 0.25, 1000);
        DrawList d = builder.build(v, data.withSelection(s.req()));
        assertThat(d.count(DrawList.OUTLINE)).isEqualTo(1);
        boolean outstanding = false;
        for (int i = 0; i < d.size(); i++) {
            outstanding |= d.argb(i) == PhaseColors.OUTSTANDING && d.req(i) == s.req();
        }
        assertThat(outstanding).isTrue();
        Lane lane = model.layout().deviceLane(SyntheticTrace.VDB);
        double x = v.x(s.start() + 1_000_000);
        assertThat(d.hit(x, lane.rowY(s.row()) + 2)).isEqualTo(s.req());
        assertThat(RequestText.summary(s, trace.header())).contains("vdb", "outstanding");
    }

    @Test
    void aRequestEndingAfterTheWindowIsNotCalledOutstanding() {
        TimelineData all = model.decode(0, trace.durationNs() + 1);
        WindowRequests.Span slow = null;
        for (WindowRequests.Span s : all.spans().spans()) {
            if (s.done() && s.dev() == SyntheticTrace.VDB && s.phaseEnd(Phase.DRIVER) != WindowRequests.ABSENT
                    && (slow == null || s.end() - s.start() > slow.end() - slow.start())) {
                slow = s;
            }
        }
        assertThat(slow).isNotNull();
        long cut = slow.phaseStart(Phase.DRIVER) + (slow.phaseEnd(Phase.DRIVER) - slow.phaseStart(Phase.DRIVER)) / 2;
        TimelineData part = model.decode(slow.start() - 1_000, cut);
        assertThat(part.windowToNs()).isNotEqualTo(Long.MAX_VALUE);
        WindowRequests.Span s = part.spans().get(slow.req());
        assertThat(s.done()).isFalse();
        DrawList d = builder.build(Viewport.around(s.start(), cut, 0, 1000), part);
        boolean outstanding = false;
        boolean driver = false;
        for (int i = 0; i < d.size(); i++) {
            if (d.req(i) == s.req()) {
                outstanding |= d.argb(i) == PhaseColors.OUTSTANDING;
                driver |= d.argb(i) == PhaseColors.of(Phase.DRIVER);
            }
        }
        assertThat(outstanding).as("its end is only after the decoded window").isFalse();
        assertThat(driver).as("drawn on in the phase it is in").isTrue();
        assertThat(part.reachesNewest()).isFalse();
        assertThat(RequestText.summary(s, trace.header(), !part.reachesNewest())).doesNotContain("outstanding")
                .contains("goes on after the window, in " + Phase.DRIVER.label());
        assertThat(RequestText.details(s, trace.header(), true)).noneMatch(l -> l.contains("outstanding"));
    }

    @Test
    void summaryHoverSaysWhatTheBucketsSay() {
        Viewport v = Viewport.of(0, trace.durationNs(), 800);
        LaneLayout lay = model.layout();
        BucketArrays b = model.current().index();
        String dev = SummaryText.at(b, v, lay, 400, lay.deviceLane(SyntheticTrace.VDB).centerY());
        assertThat(dev).startsWith("vdb (virtio_blk)").contains("requests completed", "max ");
        String rings = SummaryText.at(b, v, lay, 400, lay.lanes().get(0).centerY());
        assertThat(rings).startsWith("all trace rings").contains("events");
        assertThat(SummaryText.at(b, v, lay, 400, 2)).isNull();
    }
}
