package org.pmdi.viewer.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.viewer.ErrorTrace;
import org.pmdi.viewer.TestTraces;
import org.pmdi.viewer.data.AnalysisResult;
import org.pmdi.viewer.data.AnalysisRunner;
import org.pmdi.viewer.data.OpenedTrace;

/** The latency table's "errors" column and headline say what the analysis counted. */
class ErrorsColumnTest {
    @Test
    void failingDeviceShowsItsCountAndRateTheOthersZero(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("e.pmdt");
        ErrorTrace.write(p);
        AnalysisResult r;
        try (OpenedTrace t = OpenedTrace.open(p)) {
            r = t.analyze(AnalysisRunner.create());
        }
        assertThat(LatencyDatasets.errorsText(r, ErrorTrace.VDB)).isEqualTo(ErrorTrace.VDB_FAILED + " (25.0 %)");
        assertThat(LatencyDatasets.errorsText(r, 3)).isEqualTo("0");
        assertThat(LatencyDatasets.errorsText(r, 1)).isEqualTo("2 (2.0 %)");
        assertThat(LatencyDatasets.errorsText(r, 77)).isEmpty();
        assertThat(LatencyDatasets.failingText(r)).isEqualTo("Failing: vda 2 of 102 (2.0 %), vdb 25 of 100 (25.0 %)");
        // the latency rows count the successful requests only
        assertThat(r.totals().stream().filter(s -> s.device() == ErrorTrace.VDB).findFirst().orElseThrow().count())
                .isEqualTo(100 - ErrorTrace.VDB_FAILED);
    }

    @Test
    void nothingFailedNothingSaid() throws Exception {
        AnalysisResult r;
        try (OpenedTrace t = OpenedTrace.open(TestTraces.healthy())) {
            r = t.analyze(AnalysisRunner.create());
        }
        assertThat(LatencyDatasets.failingText(r)).isEmpty();
        for (var s : r.totals()) {
            assertThat(LatencyDatasets.errorsText(r, s.device())).isIn("0", "");
        }
    }
}
