package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.findings.StuckReason;
import org.pmdi.analysis.findings.StuckRequest;
import org.pmdi.analysis.synth.StopAt;
import org.pmdi.trace.TraceItem;
import org.pmdi.trace.codec.TraceItems;

/** The same analysis on a live feed, one item at a time, queried while it runs. */
class LiveAnalysisTest {
    @TempDir
    Path tmp;

    @Test
    void itemByItemGivesTheFileResultAndAnswersQueriesMidway() throws IOException {
        Path p = GeneratedTraces.write(tmp.resolve("t.pmdt"), 21, s -> GeneratedTraces.oneStuck(s, StopAt.IN_DRIVER));
        List<TraceItem> items = TraceItems.decodeAll(Files.readAllBytes(p));
        LiveAnalysis live = LiveAnalysis.create(AnalysisConfig.defaults(), () -> 0L);
        long lastCompleted = -1;
        for (int i = 0; i < items.size(); i++) {
            live.accept(items.get(i));
            if (i % 500 == 0) {
                AnalysisSnapshot mid = live.snapshot();
                assertThat(mid.completed()).isGreaterThanOrEqualTo(lastCompleted);
                lastCompleted = mid.completed();
            }
        }
        AnalysisSnapshot s = live.snapshot();
        AnalysisSnapshot file = TraceFiles.analyze(p, AnalysisConfig.defaults());
        assertThat(s.stuck()).extracting(StuckRequest::reason).containsExactly(StuckReason.IN_DRIVER);
        assertThat(s.completed()).isEqualTo(file.completed());
        assertThat(s.latency()).isEqualTo(file.latency());
        assertThat(s.findings()).isEqualTo(file.findings());
    }

    @Test
    void nowMovesWithTheWallClockSoSilenceBecomesStuck() throws IOException {
        Path p = GeneratedTraces.write(tmp.resolve("t.pmdt"), 22, s -> {
            GeneratedTraces.healthy(s, 20, 1);
            s.request(1, 1, 4096, 0, StopAt.IN_DRIVER);
        });
        AtomicLong wall = new AtomicLong();
        LiveAnalysis live = LiveAnalysis.create(AnalysisConfig.defaults(), wall::get);
        TraceItems.decodeAll(Files.readAllBytes(p)).forEach(live);
        assertThat(live.snapshot().stuck()).isEmpty();
        wall.addAndGet(1_500_000_000L);
        AnalysisSnapshot later = live.snapshot();
        assertThat(later.stuck()).extracting(StuckRequest::reason).containsExactly(StuckReason.IN_DRIVER);
        wall.addAndGet(2_000_000_000L);
        assertThat(live.snapshot().findings()).extracting(f -> f.kind().name()).contains("AP_SILENT");
        Integer open = live.withAnalyzer(a -> a.openRequests().size());
        assertThat(open).isEqualTo(1);
    }
}
