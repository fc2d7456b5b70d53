package org.pmdi.viewer.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.GeneratedTraces;
import org.pmdi.analysis.request.Phase;
import org.pmdi.viewer.data.AnalysisResult;
import org.pmdi.viewer.data.AnalysisRunner;
import org.pmdi.viewer.data.OpenedTrace;

/**
 * A NIC's lane (eth0, device 3 of the generated traces): its receive buffers' waits drawn
 * apart from latency, its drops and link changes as marks in its own lane.
 */
class NicLaneTest {
    static final int ETH0 = 3;
    @TempDir
    static Path tmp;
    private static OpenedTrace trace;
    private static FileTimelineModel model;
    private static ExecutorService executor;
    private final DrawListBuilder builder = new DrawListBuilder();

    @BeforeAll
    static void open() throws Exception {
        Path p = GeneratedTraces.write(tmp.resolve("net.pmdt"), 5, s -> {
            s.link(ETH0, true);
            GeneratedTraces.netEcho(s, 4, 200_000L);
            for (int i = 0; i < 3; i++) {
                s.drop(ETH0, GeneratedTraces.toAp(64), 96);
            }
            s.link(ETH0, false);
            s.idle(100_000L);
            s.link(ETH0, true);
            GeneratedTraces.netEcho(s, 2, 200_000L);
            s.postRecv(ETH0, 1514); // waiting at the end
            s.idle(300_000L);
        });
        trace = OpenedTrace.open(p);
        executor = Executors.newSingleThreadExecutor();
        model = new FileTimelineModel(trace, executor);
    }

    @AfterAll
    static void close() throws Exception {
        trace.close();
        executor.shutdownNow();
    }

    private DrawList all() {
        Viewport v = Viewport.of(0, trace.durationNs(), 2000);
        return builder.build(v, model.decode(0, trace.durationNs() + 1));
    }

    private static boolean inLane(DrawList d, int i, Lane l) {
        return d.y(i) >= l.y() && d.y(i) < l.y() + l.height();
    }

    @Test
    void theNicHasALane() {
        Lane l = model.layout().deviceLane(ETH0);
        assertThat(l).isNotNull();
        assertThat(l.label()).isEqualTo("eth0 (virtio_net)");
    }

    @Test
    void dropsAndLinkChangesAreMarkedInTheNicLane() {
        DrawList d = all();
        Lane eth = model.layout().deviceLane(ETH0);
        int drops = 0;
        int down = 0;
        int up = 0;
        for (int i = 0; i < d.size(); i++) {
            if (d.kind(i) != DrawList.TICK || !inLane(d, i, eth)) {
                continue;
            }
            drops += d.argb(i) == PhaseColors.FRAME_DROPPED ? 1 : 0;
            down += d.argb(i) == PhaseColors.LINK_DOWN ? 1 : 0;
            up += d.argb(i) == PhaseColors.LINK_UP ? 1 : 0;
        }
        assertThat(drops).isEqualTo(3);
        assertThat(down).isEqualTo(1);
        assertThat(up).isEqualTo(2);
    }

    /** The drop ticks of {@code eth}'s lane: {x, width} of each. */
    private static java.util.List<double[]> dropTicks(DrawList d, Lane eth) {
        java.util.List<double[]> xs = new java.util.ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            if (d.kind(i) == DrawList.TICK && inLane(d, i, eth) && d.argb(i) == PhaseColors.FRAME_DROPPED) {
                xs.add(new double[] {d.x(i), d.w(i)});
            }
        }
        return xs;
    }

    @Test
    void zoomedOutTheDropsAreMarkedWhereTheyHappenedFromTheAnalysis() throws java.io.IOException {
        AnalysisResult r = trace.analyze(AnalysisRunner.create());
        assertThat(r.nicDrops()).containsOnlyKeys(ETH0);
        assertThat(r.nicDrops().get(ETH0).total()).isEqualTo(3);
        Viewport v = Viewport.of(0, trace.durationNs(), 2000);
        TimelineData summaries = TimelineData.of(model.layout(), BucketArrays.of(trace.index()), null, null, 0, 0,
                false);
        Lane eth = model.layout().deviceLane(ETH0);
        DrawList plain = builder.build(v, summaries);
        DrawList marked = builder.build(v, summaries,
                DropMarks.of(r.nicDrops(), r.toTimelineNs(0, trace.index().originTsc())));
        assertThat(marked.isSummary()).isTrue();
        assertThat(dropTicks(plain, eth)).isEmpty();
        // each drop the events show lies under a mark (marks: 1 µs bins, a pixel or more wide)
        java.util.List<double[]> marks = dropTicks(marked, eth);
        assertThat(marks).isNotEmpty().allSatisfy(m -> assertThat(m[1]).isBetween(1.0, 3.0));
        assertThat(dropTicks(all(), eth)).hasSize(3).allSatisfy(e -> assertThat(marks)
                .anySatisfy(m -> assertThat(e[0]).isBetween(m[0] - 1, m[0] + m[1] + 1)));
    }

    @Test
    void aReceiveBufferWaitIsNotDrawnAsDriverTimeNorAsOutstanding() {
        DrawList d = all();
        Lane eth = model.layout().deviceLane(ETH0);
        int waiting = 0;
        int outstanding = 0;
        int pickup = 0;
        for (int i = 0; i < d.size(); i++) {
            if (d.kind(i) == DrawList.RECT && inLane(d, i, eth)) {
                waiting += d.argb(i) == PhaseColors.WAITING_FOR_FRAME ? 1 : 0;
                outstanding += d.argb(i) == PhaseColors.OUTSTANDING ? 1 : 0;
                pickup += d.argb(i) == PhaseColors.of(Phase.PICKUP) ? 1 : 0;
            }
        }
        // six filled buffers waited 200 µs each (several px at 2000 px), one still waits
        assertThat(waiting).isGreaterThanOrEqualTo(7);
        assertThat(outstanding).as("the buffer still waiting is not outstanding").isZero();
        assertThat(pickup).isPositive();
    }

    @Test
    void aWaitHoldsNoCpuAndFilledBuffersAreNotFailures() {
        DrawList d = all();
        Lane eth = model.layout().deviceLane(ETH0);
        for (int i = 0; i < d.size(); i++) {
            if (d.argb(i) == PhaseColors.WAITING_FOR_FRAME) {
                assertThat(inLane(d, i, eth)).as("a wait drawn outside eth0's lane at %s", d.y(i)).isTrue();
            }
            assertThat(d.kind(i)).isNotEqualTo(DrawList.FAILED);
        }
    }
}
