package org.pmdi.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pmdi.analysis.synth.HostileTraces;
import org.pmdi.viewer.data.AnalysisRunner;
import org.pmdi.viewer.timeline.DrawListBuilder;
import org.pmdi.viewer.timeline.Viewport;

/**
 * The live path takes what a buggy AP writes as well as the file path does
 * ({@link org.pmdi.viewer.timeline.HostileTraceViewTest}): its records fed one by one into
 * the live store and the live analysis, the live timeline drawn zoomed out and zoomed in,
 * without an exception.
 */
class HostileLiveTest {
    @TempDir
    static Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13})
    void aHostileStreamIsStoredAnalysedAndDrawnLive(long seed) throws Exception {
        Path file = HostileTraces.write(dir.resolve("hostile-" + seed + ".pmdt"), seed, 400);
        LiveStore store = LiveSummariesTest.live(file, 0);
        assertThat(store.count()).isPositive();
        AnalysisRunner live = AnalysisRunner.create();
        // the runner takes items one by one, as the live feed hands them over
        org.pmdi.analysis.TraceFiles.decode(file, org.pmdi.trace.codec.TraceItems.visitor(live::accept));
        assertThat(live.analyzer().events()).isEqualTo(400);
        LiveTimelineModel m = new LiveTimelineModel(store);
        long d = Math.max(1_000, store.lastNs());
        DrawListBuilder b = new DrawListBuilder();
        b.build(Viewport.of(0, d, 900), m.dataFor(Viewport.of(0, d, 900), () -> { }));
        for (int k = 0; k < 4; k++) {
            long from = d / 4 * k;
            Viewport v = Viewport.of(from, from + Math.max(1_000, d / 64), 1000);
            b.build(v, m.dataFor(v, () -> { }));
        }
    }
}
