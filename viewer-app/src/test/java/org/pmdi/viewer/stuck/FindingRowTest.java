package org.pmdi.viewer.stuck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pmdi.viewer.TestTraces;
import org.pmdi.viewer.bench.SyntheticTrace;
import org.pmdi.viewer.data.AnalysisResult;
import org.pmdi.viewer.data.AnalysisRunner;
import org.pmdi.viewer.data.OpenedTrace;

/** The panel's rows say what trace-analysis says, in its words. */
class FindingRowTest {
    @Test
    void stuckRequestsWithTheirDiagnosisAndTheSlowDriver() throws Exception {
        AnalysisResult r;
        try (OpenedTrace t = OpenedTrace.open(TestTraces.slowDisk())) {
            r = t.analyze(AnalysisRunner.create());
        }
        List<FindingRow> rows = FindingRow.of(r);
        assertThat(rows).filteredOn(x -> x.kind().equals("stuck request")).hasSize(r.snapshot().stuck().size())
                .hasSize(2);
        FindingRow drv = rows.stream().filter(x -> x.req() == SyntheticTrace.STUCK_IN_DRIVER_REQ).findFirst()
                .orElseThrow();
        assertThat(drv.device()).startsWith("vdb");
        assertThat(drv.diagnosis()).contains("driver never returned");
        assertThat(drv.ageNs()).isGreaterThan(1_000_000_000L);
        assertThat(drv.onTimeline()).isTrue();
        FindingRow db = rows.stream().filter(x -> x.req() == SyntheticTrace.STUCK_DOORBELL_REQ).findFirst()
                .orElseThrow();
        assertThat(db.diagnosis()).contains("never seen by Linux");
        assertThat(rows).anyMatch(x -> x.kind().equals("slow driver") && x.device().startsWith("vdb"));
        assertThat(r.slowestDevice()).isEqualTo(SyntheticTrace.VDB);
    }

    @Test
    void healthyTraceHasNoStuckRequests() throws Exception {
        try (OpenedTrace t = OpenedTrace.open(TestTraces.healthy())) {
            AnalysisResult r = t.analyze(AnalysisRunner.create());
            assertThat(FindingRow.of(r)).noneMatch(x -> x.kind().equals("stuck request"));
        }
    }
}
