package org.pmdi.viewer.stuck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.synth.StopAt;
import org.pmdi.analysis.synth.TraceScript;
import org.pmdi.trace.EventType;
import org.pmdi.trace.LogLevel;
import org.pmdi.trace.codec.TraceEncoder;
import org.pmdi.trace.file.TraceFileWriter;
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
    void linuxLogFindingsShowLikeTheOthers(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("broken.pmdt");
        try (TraceFileWriter w = TraceFileWriter.create(p);
                OutputStream out = new BufferedOutputStream(w.asOutputStream(), 1 << 16)) {
            TraceScript s = TraceScript.create(out, 7).header(0x5eed0007L, TraceScript.defaultDevices(), null);
            for (int i = 0; i < 20; i++) {
                s.request(i % 4, 1, 4096, 20_000, StopAt.NONE);
            }
            s.log(true, LogLevel.ERR.code(), "pmdi: vdb: request 3 failed: -5");
            s.log(true, LogLevel.ERR.code(), "channel broken: the AP's request ring index is impossible");
            s.idle(100_000_000L);
            s.finish();
        }
        List<FindingRow> rows;
        try (OpenedTrace t = OpenedTrace.open(p)) {
            rows = FindingRow.of(t.analyze(AnalysisRunner.create()));
        }
        assertThat(rows).extracting(FindingRow::kind).containsExactly("channel broken", "linux error");
        FindingRow broken = rows.get(0);
        assertThat(broken.severity()).isEqualTo("error");
        assertThat(broken.diagnosis())
                .startsWith("Linux stopped serving the AP: the AP's request ring index is impossible (at ");
        assertThat(broken.device()).isEmpty();
        assertThat(broken.req()).isEqualTo(-1);
        assertThat(broken.onTimeline()).isTrue();
        assertThat(broken.evidence()).isNotEmpty();
        FindingRow err = rows.get(1);
        assertThat(err.severity()).isEqualTo("warning");
        assertThat(err.diagnosis()).isEqualTo("Linux logged 1 error(s), the first: pmdi: vdb: request 3 failed: -5");
        assertThat(err.onTimeline()).isTrue();
    }

    /**
     * The AP (source 0) beats every 100 ms; Linux (source 1) posts request 7's completion,
     * never taken; AP records are lost after it: the analysis cannot tell, and the panel says
     * so, at info, with the request's age.
     */
    @Test
    void aRequestTheAnalysisCannotTellIsShownAsSuch(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("lossy.pmdt");
        long ms = 1_000_000L;
        try (TraceFileWriter w = TraceFileWriter.create(p);
                OutputStream out = new BufferedOutputStream(w.asOutputStream(), 1 << 16)) {
            TraceEncoder e = TraceEncoder.create(out);
            e.event(0, EventType.HEARTBEAT.id(), 0, 0, 0);
            e.event(0, EventType.REQ_POST.id(), 10 * ms, 7, 1, 1, 0, 4096, 0);
            e.event(0, EventType.DOORBELL_SEND.id(), 10 * ms + 100_000, 7, 0, 0);
            e.event(1, EventType.DISPATCH.id(), 10 * ms + 200_000, 7, 1);
            e.event(1, EventType.DRV_BEGIN.id(), 10 * ms + 300_000, 7, 1);
            e.event(1, EventType.DRV_END.id(), 10 * ms + 500_000, 7, 0, 4096);
            e.event(1, EventType.REPLY_POST.id(), 10 * ms + 600_000, 7, 0, 0);
            for (long t = 100; t <= 3000; t += 100) {
                if (t == 500) {
                    e.skipSeq(0, 4);
                }
                e.event(0, EventType.HEARTBEAT.id(), t * ms, 0, t);
            }
            e.flush();
        }
        AnalysisResult r;
        try (OpenedTrace t = OpenedTrace.open(p)) {
            r = t.analyze(AnalysisRunner.create());
        }
        assertThat(r.snapshot().stuck()).isEmpty();
        List<FindingRow> rows = FindingRow.of(r);
        assertThat(rows).filteredOn(x -> x.kind().equals(FindingRow.CANNOT_TELL)).singleElement().satisfies(x -> {
            assertThat(x.req()).isEqualTo(7);
            assertThat(x.severity()).isEqualTo("info");
            assertThat(x.diagnosis()).contains("cannot tell", "4 events lost");
            assertThat(x.ageNs()).isGreaterThan(2_000_000_000L);
            assertThat(x.onTimeline()).isTrue();
        });
        assertThat(rows).noneMatch(x -> x.kind().equals("stuck request"));
    }

    @Test
    void healthyTraceHasNoStuckRequests() throws Exception {
        try (OpenedTrace t = OpenedTrace.open(TestTraces.healthy())) {
            AnalysisResult r = t.analyze(AnalysisRunner.create());
            assertThat(FindingRow.of(r)).noneMatch(x -> x.kind().equals("stuck request"));
        }
    }
}
