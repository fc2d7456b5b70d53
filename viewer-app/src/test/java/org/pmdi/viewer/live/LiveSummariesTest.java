package org.pmdi.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pmdi.analysis.TraceFiles;
import org.pmdi.trace.SessionHeader;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.codec.TraceVisitor;
import org.pmdi.viewer.TestTraces;
import org.pmdi.viewer.data.OpenedTrace;
import org.pmdi.viewer.timeline.BucketArrays;
import org.pmdi.viewer.timeline.DrawList;
import org.pmdi.viewer.timeline.DrawListBuilder;
import org.pmdi.viewer.timeline.FileTimelineModel;
import org.pmdi.viewer.timeline.Lane;
import org.pmdi.viewer.timeline.LaneLayout;
import org.pmdi.viewer.timeline.TimelineData;
import org.pmdi.viewer.timeline.Viewport;

/**
 * Live zoomed out = file zoomed out: a stream fed event by event into the live store keeps the
 * per-bucket summaries the file's index holds, and a zoomed-out live timeline draws them as
 * the file's does.
 */
class LiveSummariesTest {
    static Stream<Path> traces() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(TestTraces.slowDisk());
        try (Stream<Path> s = Files.list(Path.of("../samples"))) {
            s.filter(p -> p.toString().endsWith(".pmdt")).sorted().forEach(out::add);
        }
        return out.stream();
    }

    /** Feeds every header and event of {@code trace} to a live store, time 0 at the index's origin. */
    static LiveStore live(Path trace, long originTsc) throws IOException {
        LiveStore s = new LiveStore(8_000_000);
        TraceFiles.decode(trace, new TraceVisitor() {
            @Override
            public void onHeader(SessionHeader h) {
                s.header(h);
            }

            @Override
            public void onEvent(int source, long seq, int type, long tsc, long req, long[] args, int nargs) {
                s.add(TraceEvent.fixed(source, seq, type, tsc, req, Arrays.copyOf(args, nargs)), originTsc);
            }

            @Override
            public void onBlob(int source, long seq, int type, long tsc, long req, byte[] buf, int off, int len) {
                s.add(TraceEvent.blob(source, seq, type, tsc, req, Arrays.copyOfRange(buf, off, off + len)),
                        originTsc);
            }
        });
        return s;
    }

    @ParameterizedTest
    @MethodSource("traces")
    void liveKeepsTheBucketsTheFileIndexHolds(Path trace) throws IOException {
        try (OpenedTrace t = OpenedTrace.open(trace)) {
            BucketArrays file = BucketArrays.of(t.index());
            BucketArrays live = live(trace, t.index().originTsc()).buckets();
            assertThat(live.bucketNs()).isEqualTo(file.bucketNs());
            assertThat(live.bucketCount()).isGreaterThanOrEqualTo(file.bucketCount());
            long fileEvents = 0;
            long liveEvents = 0;
            for (int b = 0; b < live.bucketCount(); b++) {
                liveEvents += live.events(b);
                fileEvents += b < file.bucketCount() ? file.events(b) : 0;
                assertThat(live.lost(b)).as("lost in bucket %d", b).isEqualTo(b < file.bucketCount() ? file.lost(b) : 0);
            }
            assertThat(liveEvents).isEqualTo(fileEvents).isEqualTo(t.totalEvents());
            for (int k = 0; k < file.deviceCount(); k++) {
                int kl = indexOf(live, file.deviceId(k));
                assertThat(kl).as("device %d", file.deviceId(k)).isGreaterThanOrEqualTo(0);
                for (int b = 0; b < file.bucketCount(); b++) {
                    assertThat(live.requests(kl, b)).as("device %d bucket %d", file.deviceId(k), b)
                            .isEqualTo(file.requests(k, b));
                    // the index converts a TSC difference, the store subtracts mapped times: ±1 ns
                    assertThat(live.maxNs(kl, b)).isCloseTo(file.maxNs(k, b), org.assertj.core.data.Offset.offset(1L));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("traces")
    void zoomedOutLiveDrawsTheFileSummaries(Path trace) throws IOException {
        try (OpenedTrace t = OpenedTrace.open(trace)) {
            LiveStore store = live(trace, t.index().originTsc());
            LiveTimelineModel lm = new LiveTimelineModel(store);
            FileTimelineModel fm = new FileTimelineModel(t, null); // only its summaries: it decodes nothing
            long end = Math.max(store.lastNs(), t.durationNs());
            Viewport v = Viewport.of(0, end, 900);
            // the file at its widest draws the index's summaries; the live one at the same view draws its own
            DrawList file = new DrawListBuilder().build(v, fm.current());
            TimelineData ld = lm.dataFor(v, () -> { });
            DrawList live = new DrawListBuilder().build(v, ld);
            assertThat(ld.index()).isNotNull();
            List<String> fileBars = deviceBars(file, fm.layout());
            List<String> liveBars = deviceBars(live, lm.layout());
            if (live.isSummary()) {
                assertThat(liveBars).isEqualTo(fileBars);
            } else {
                // few enough requests to draw one by one, as the file would once decoded
                assertThat(fileBars.isEmpty() || live.count(DrawList.RECT) > 0).isTrue();
            }
            if (!fileBars.isEmpty() && ld.spans() != null
                    && ld.spans().countStartingIn(v.startNs(), v.endNs()) > DrawListBuilder.MAX_REQUESTS_PER_PX * 900) {
                assertThat(live.isSummary()).isTrue();
                assertThat(liveBars).isNotEmpty();
            }
        }
    }

    /** The summary bars drawn in device lanes: position, size and colour. */
    private static List<String> deviceBars(DrawList d, LaneLayout lay) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            if (d.kind(i) != DrawList.DENSITY) {
                continue;
            }
            Lane l = lay.laneAt(d.y(i) + d.h(i) / 2);
            if (l != null && l.kind() == Lane.Kind.DEVICE) {
                out.add(l.label() + " " + d.x(i) + "+" + d.w(i) + " h" + Math.round(d.h(i) * 100) + " #"
                        + Integer.toHexString(d.argb(i)));
            }
        }
        return out;
    }

    private static int indexOf(BucketArrays b, int deviceId) {
        for (int k = 0; k < b.deviceCount(); k++) {
            if (b.deviceId(k) == deviceId) {
                return k;
            }
        }
        return -1;
    }
}
