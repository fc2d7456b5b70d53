package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.ErrorTraces.Outcome;
import org.pmdi.analysis.errors.DeviceErrors;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.trace.RefusalReason;
import org.pmdi.trace.TraceItem;
import org.pmdi.trace.codec.TraceItems;

/**
 * Failures on a live feed: seen as soon as Linux explains them, never counted twice, in the end
 * the same as the file's.
 */
class ErrorsLiveTest {
    @TempDir
    Path tmp;

    @Test
    void liveSnapshotsShowFailuresAtOnceAndEndLikeTheFile() throws IOException {
        List<Outcome> o = new ArrayList<>(ErrorTraces.diskErrors(120, 3, true));
        for (int i = 0; i < 3; i++) {
            o.add(Outcome.refused(1, RefusalReason.BAD_LENGTH, ErrorTraces.EINVAL));
        }
        for (int i = 0; i < 2; i++) {
            o.add(new Outcome(1, ErrorTraces.How.REFUSED, ErrorTraces.EINVAL, -1, 0)); // v0: no REQ_REFUSED
        }
        Path p = ErrorTraces.write(tmp.resolve("live.pmdt"), 51, o);
        List<TraceItem> items = TraceItems.decodeAll(Files.readAllBytes(p));
        LiveAnalysis live = LiveAnalysis.create(AnalysisConfig.defaults(), () -> 0L);
        long lastFailed = 0;
        for (int i = 0; i < items.size(); i++) {
            live.accept(items.get(i));
            if (i % 97 == 0) {
                AnalysisSnapshot mid = live.snapshot();
                long failed = mid.errors().stream().mapToLong(DeviceErrors::failed).sum();
                assertThat(failed).isGreaterThanOrEqualTo(lastFailed);
                lastFailed = failed;
            }
        }
        AnalysisSnapshot s = live.snapshot();
        // refused with a REQ_REFUSED: finalized at once; without (v0): still open (no driver events,
        // reorder horizon not reached) and not counted yet: Linux's records may still explain them
        assertThat(live.withAnalyzer(TraceAnalyzer::openRequests)).hasSize(2);
        assertThat(s.errors(1).failed()).isEqualTo(3);
        assertThat(s.findings()).extracting(f -> f.kind()).contains(FindingKind.DRIVER_ERRORS,
                FindingKind.MALFORMED_REQUESTS).doesNotContain(FindingKind.REQUESTS_FAILED);
        // the end of the stream finalizes them: then the live analysis agrees with the file's
        AnalysisSnapshot end = live.withAnalyzer(a -> {
            a.finish();
            return a.snapshot();
        });
        assertThat(end.errors(1).failed()).isEqualTo(5);
        assertThat(end.findings()).extracting(f -> f.kind()).contains(FindingKind.REQUESTS_FAILED);
        AnalysisSnapshot file = TraceFiles.analyze(p, AnalysisConfig.defaults());
        assertThat(end.errors()).isEqualTo(file.errors());
    }
}
