package org.pmdi.viewer.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pmdi.analysis.synth.HostileTraces;
import org.pmdi.viewer.data.AnalysisResult;
import org.pmdi.viewer.data.AnalysisRunner;
import org.pmdi.viewer.data.OpenedTrace;
import org.pmdi.viewer.latency.LatencyDatasets;
import org.pmdi.viewer.stuck.FindingRow;

/**
 * Whatever well-formed records a buggy AP writes ({@link HostileTraces}: any type on any
 * ring, any arguments, time going back), the viewer opens the file, analyses it, builds its
 * latency datasets and findings rows and draws the timeline zoomed out and zoomed in, without
 * an exception. Fixed seeds; trace-analysis's property runs the analysis over random ones.
 */
class HostileTraceViewTest {
    @TempDir
    static Path dir;
    private static final ExecutorService POOL = Executors.newSingleThreadExecutor();
    private final DrawListBuilder builder = new DrawListBuilder();

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233})
    void aHostileTraceOpensAnalysesAndDraws(long seed) throws Exception {
        Path file = HostileTraces.write(dir.resolve("hostile-" + seed + ".pmdt"), seed, 400);
        try (OpenedTrace t = OpenedTrace.open(file)) {
            AnalysisResult r = t.analyze(AnalysisRunner.create());
            assertThat(FindingRow.of(r)).isNotNull();
            LatencyDatasets.histograms(r);
            LatencyDatasets.phaseMeans(r);
            LatencyDatasets.failingText(r);
            for (int dev : LatencyDatasets.histogramDevices(r)) {
                LatencyDatasets.density(r, dev);
                LatencyDatasets.errorsText(r, dev);
            }
            FileTimelineModel m = new FileTimelineModel(t, POOL);
            long d = Math.max(1_000, t.durationNs());
            DrawList whole = builder.build(Viewport.of(0, d, 800), m.current());
            assertThat(whole.size()).isGreaterThanOrEqualTo(0);
            for (int k = 0; k < 4; k++) {
                long from = d / 4 * k;
                Viewport v = Viewport.of(from, from + Math.max(1_000, d / 64), 1000);
                builder.build(v, m.decode(Math.max(0, v.startNs() - v.spanNs()), v.endNs() + v.spanNs()));
            }
        }
    }
}
