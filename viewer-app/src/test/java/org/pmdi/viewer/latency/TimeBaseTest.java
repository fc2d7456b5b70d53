package org.pmdi.viewer.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.viewer.data.AnalysisResult;

/** Analysis times land on the timeline's ruler even when the two count from different first events. */
class TimeBaseTest {
    @Test
    void analysisTimesShiftOntoTheTimeline() {
        AnalysisSnapshot snap = new AnalysisSnapshot(0, 0, Map.of(), List.of(), List.of(), Map.of(), List.of(),
                List.of(), 0, 0, 0, 0);
        // analysis origin 2.5 M cycles (1 ms at 2.5 GHz) after the file index's
        AnalysisResult r = new AnalysisResult(snap, Map.of(), LatencyOverTime.Snapshot.empty(), 3_500_000, 2_500_000);
        assertThat(r.toTimelineNs(0, 1_000_000)).isEqualTo(1_000_000);
        assertThat(r.toTimelineNs(5_000, 3_500_000)).isEqualTo(5_000);
        LatencyOverTime o = LatencyOverTime.create(8, 1_000_000);
        o.add(0, 7, 2_500_000, 40_000);
        AnalysisResult r2 = new AnalysisResult(snap, Map.of(), o.snapshot(), 0, 1_000_000);
        var ds = LatencyDatasets.density(r2, 0, 1_000_000);
        assertThat(ds.getXValue(0, 0)).isEqualTo(3.0);
        assertThat(LatencyDatasets.cellAt(r2, 0, 3.5, 40_000, 1_000_000).exemplarReq()).isEqualTo(7);
    }
}
