package org.pmdi.viewer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.trace.file.MappedTraceReader;
import org.pmdi.viewer.latency.LatencyOverTime;

/** The viewer's own views of a file agree with the analysis they are drawn from. */
class AnalysisRunnerTest {
    @Test
    void theDensityChartCountsTheRequestsTheLatencyTableCounts() throws Exception {
        // vdb fails hundreds of reads with EIO in this recording: they are failures, not latency
        try (MappedTraceReader r = MappedTraceReader.open(Path.of("../samples/disk-errors.pmdt"))) {
            AnalysisResult res = AnalysisRunner.create().analyzeFile(r);
            assertThat(res.snapshot().errors()).anyMatch(e -> e.failed() > 100);
            for (LatencySummary total : res.totals()) {
                long cells = res.overTime().cells(total.device()).stream().mapToLong(LatencyOverTime.Cell::count)
                        .sum();
                assertThat(cells).as("device %d", total.device()).isEqualTo(total.count());
            }
        }
    }
}
