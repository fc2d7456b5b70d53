package org.pmdi.viewer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.viewer.latency.LatencyOverTime;

/** The viewer's own views of a file agree with the analysis they are drawn from. */
class AnalysisRunnerTest {
    @Test
    void theDensityChartCountsTheRequestsTheLatencyTableCounts() throws Exception {
        // vdb fails hundreds of reads with EIO in this recording: they are failures, not latency
        AnalysisResult res = AnalysisRunner.create().analyzeFile(Path.of("../samples/disk-errors.pmdt"));
        assertThat(res.snapshot().errors()).anyMatch(e -> e.failed() > 100);
        for (LatencySummary total : res.totals()) {
            long cells = res.overTime().cells(total.device()).stream().mapToLong(LatencyOverTime.Cell::count)
                    .sum();
            assertThat(cells).as("device %d", total.device()).isEqualTo(total.count());
        }
    }

    /** Closing a trace or opening another cancels its analysis: a large file's stops at the interrupt. */
    @Test
    void anInterruptedAnalysisOfALargeFileStops() {
        Path healthy = Path.of("../samples/healthy.pmdt"); // 3 MB: decoded on a second thread
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> AnalysisRunner.create().analyzeFile(healthy))
                    .isInstanceOf(java.io.InterruptedIOException.class).hasMessageContaining("healthy.pmdt");
        } finally {
            Thread.interrupted();
        }
    }
}
