package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pmdi.analysis.findings.Durations;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.Severity;
import org.pmdi.analysis.findings.StuckReason;
import org.pmdi.analysis.findings.StuckRequest;
import org.pmdi.analysis.findings.StuckThresholds;
import org.pmdi.analysis.request.Phase;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.request.RequestFlags;
import org.pmdi.analysis.synth.StopAt;
import org.pmdi.trace.EventType;
import org.pmdi.trace.LogLevel;

/** Each stuck classification and each finding from a generated trace that shows exactly that. */
class ScenarioTest {
    @TempDir
    Path tmp;

    private AnalysisSnapshot run(GeneratedTraces.Body body) throws IOException {
        return TraceFiles.analyze(GeneratedTraces.write(tmp.resolve("t.pmdt"), 5, body), AnalysisConfig.defaults());
    }

    private static List<FindingKind> kinds(AnalysisSnapshot s) {
        return s.findings().stream().map(Finding::kind).toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"NO_DOORBELL, NOT_SEEN_BY_LINUX", "DOORBELL_LOST, NOT_SEEN_BY_LINUX",
        "IN_DRIVER, IN_DRIVER", "NOT_TAKEN, COMPLETION_NOT_TAKEN"})
    void stuckWithTrafficAfterIt(StopAt stop, StuckReason expected) throws IOException {
        AnalysisSnapshot s = run(t -> GeneratedTraces.oneStuck(t, stop));
        assertThat(s.stuck()).hasSize(1);
        StuckRequest st = s.stuck().get(0);
        assertThat(st.reason()).isEqualTo(expected);
        assertThat(st.request().id()).isEqualTo(101);
        assertThat(st.request().device()).isEqualTo(2);
        assertThat(st.ageNs()).isGreaterThanOrEqualTo(StuckThresholds.DEFAULT_NS);
        assertThat(kinds(s)).containsExactly(FindingKind.STUCK_REQUEST);
        assertThat(s.findings().get(0).summary()).contains("request 101 on vdb", expected.words());
        assertThat(s.completed()).isEqualTo(200);
    }

    @Test
    void backlogWhenNothingWasDispatchedSince() throws IOException {
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.healthy(t, 50, 1);
            t.request(2, 1, 4096, 0, StopAt.NOT_DISPATCHED);
            t.request(1, 1, 4096, 0, StopAt.NOT_DISPATCHED);
            t.idle(1_500_000_000L);
        });
        assertThat(s.stuck()).extracting(StuckRequest::reason).containsExactly(StuckReason.WAITING_FOR_DISPATCHER,
                StuckReason.WAITING_FOR_DISPATCHER);
        assertThat(kinds(s)).containsOnly(FindingKind.STUCK_REQUEST);
    }

    @Test
    void apSilent() throws IOException {
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.healthy(t, 50, 1);
            t.request(1, 1, 4096, 100 * GeneratedTraces.US, StopAt.NOT_TAKEN);
            t.silenceAp().idle(3_000_000_000L);
        });
        assertThat(s.stuck()).extracting(StuckRequest::reason).containsExactly(StuckReason.AP_SILENT);
        assertThat(kinds(s)).containsExactlyInAnyOrder(FindingKind.STUCK_REQUEST, FindingKind.AP_SILENT);
    }

    @Test
    void perDeviceThresholdKeepsASlowRequestFromBeingStuck() throws IOException {
        Path p = GeneratedTraces.write(tmp.resolve("t.pmdt"), 5, t -> GeneratedTraces.oneStuck(t, StopAt.IN_DRIVER));
        AnalysisSnapshot s = TraceFiles.analyze(p,
                AnalysisConfig.defaults().withStuck(StuckThresholds.defaults().withDevice("vdb", 10_000_000_000L)));
        assertThat(s.stuck()).isEmpty();
        assertThat(s.findings()).isEmpty();
        assertThat(s.openRequests()).isEqualTo(1);
    }

    @Test
    void inflightSnapshotSeedsARequestSeenOnlyThere() throws IOException {
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.healthy(t, 30, 1);
            t.inflight(9_999, 2, 1, 2, 200_000_000L);
            GeneratedTraces.healthy(t, 30, 2);
            t.idle(1_200_000_000L);
        });
        assertThat(s.stuck()).hasSize(1);
        StuckRequest st = s.stuck().get(0);
        assertThat(st.request().id()).isEqualTo(9_999);
        assertThat(st.reason()).isEqualTo(StuckReason.IN_DRIVER);
        assertThat(st.request().flags() & RequestFlags.FROM_SNAPSHOT).isNotZero();
        assertThat(st.ageNs()).isBetween(1_400_000_000L, 1_500_000_000L);
    }

    @Test
    void healthyHasNoFindings() throws IOException {
        AnalysisSnapshot s = run(t -> GeneratedTraces.healthy(t, 400, 3));
        assertThat(s.findings()).isEmpty();
        assertThat(s.completed()).isEqualTo(400);
        assertThat(s.openRequests()).isZero();
    }

    @Test
    void slowDriverIsVdbAgainstVda() throws IOException {
        AnalysisSnapshot s = run(t -> GeneratedTraces.slowVdb(t, 400, 3, 10));
        assertThat(kinds(s)).containsExactly(FindingKind.SLOW_DRIVER);
        Finding f = s.findings().get(0);
        assertThat(f.device()).isEqualTo(2);
        assertThat(f.summary()).startsWith("vdb (virtio_blk) is the slow driver");
        assertThat(f.evidence()).anyMatch(e -> e.contains("peers (vda (virtio_blk))"));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(s.hasErrors()).isFalse();
    }

    @Test
    void ringOverflow() throws IOException {
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.healthy(t, 20, 1);
            t.ringOverflow(0, 3);
            GeneratedTraces.healthy(t, 20, 2);
        });
        assertThat(kinds(s)).containsExactly(FindingKind.RING_OVERFLOW);
        assertThat(s.findings().get(0).summary()).isEqualTo("the request ring was full 3 time(s) (AP side)");
    }

    @Test
    void unexpectedInterrupt() throws IOException {
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.healthy(t, 20, 1);
            t.unexpectedIrq(47).unexpectedIrq(47);
        });
        assertThat(kinds(s)).containsExactly(FindingKind.UNEXPECTED_INTERRUPT);
        assertThat(s.findings().get(0).summary()).contains("2 unexpected interrupt(s) on vector 47");
    }

    @Test
    void apFaultWithoutElf() throws IOException {
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.healthy(t, 20, 1);
            t.apFault(0xffffffff80001234L, 14, new byte[20]);
        });
        assertThat(kinds(s)).containsExactly(FindingKind.AP_FAULT);
        assertThat(s.findings().get(0).summary()).contains("vector 14 (page fault) at 0xffffffff80001234");
        assertThat(s.hasErrors()).isTrue();
    }

    /**
     * Records of known types a buggy tracer wrote wrong are counted and shown, never dropped
     * silently; a short AP_FAULT is still the AP faulting (an error), only where is unknown.
     */
    @Test
    void unreadableRecordsAreShownAndAShortApFaultIsStillAFault() throws IOException {
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.healthy(t, 20, 1);
            t.blob(1, EventType.NET_FRAME.id(), new byte[] {1, 7, 0, 0}); // shorter than its 8-byte head
            byte[] four = frameOfFour().toBlob();
            t.blob(1, EventType.NET_FRAME.id(), java.util.Arrays.copyOf(four, four.length + 1)); // 5 of 4 bytes
            t.blob(1, EventType.INFLIGHT.id(), new byte[20]); // one entry and 4 stray bytes
            t.blob(0, EventType.AP_FAULT.id(), new byte[12]);
        });
        assertThat(kinds(s)).containsExactlyInAnyOrder(FindingKind.AP_FAULT, FindingKind.UNREADABLE_RECORDS);
        assertThat(s.hasErrors()).isTrue();
        Finding fault = s.findings().stream().filter(f -> f.kind() == FindingKind.AP_FAULT).findFirst().get();
        assertThat(fault.summary()).contains("faulted", "unreadable (12 of 48 bytes)");
        Finding bad = s.findings().stream().filter(f -> f.kind() == FindingKind.UNREADABLE_RECORDS).findFirst()
                .get();
        assertThat(bad.summary()).startsWith("4 record(s) of known types could not be read: ")
                .contains("AP_FAULT 1", "INFLIGHT 1", "NET_FRAME 2");
    }

    @Test
    void aWellFormedNetFrameIsNotUnreadable() throws IOException {
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.healthy(t, 20, 1);
            t.blob(1, EventType.NET_FRAME.id(), frameOfFour().toBlob());
        });
        assertThat(kinds(s)).doesNotContain(FindingKind.UNREADABLE_RECORDS);
    }

    /** A 4-byte frame sent on device 1, all of it captured. */
    private static org.pmdi.trace.NetFrame frameOfFour() {
        return new org.pmdi.trace.NetFrame(1, org.pmdi.trace.NetFrame.Direction.TX, 4, new byte[] {1, 2, 3, 4});
    }

    @Test
    void channelBrokenIsAnErrorWithTheReasonAndTheTime() throws IOException {
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.healthy(t, 20, 1);
            t.log(true, LogLevel.ERR.code(), "channel broken: the AP's trace ring is corrupt: head 9000 > 4096 slots");
            GeneratedTraces.healthy(t, 20, 2);
        });
        assertThat(kinds(s)).containsExactly(FindingKind.CHANNEL_BROKEN);
        Finding f = s.findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.atNs()).isPositive();
        assertThat(f.summary()).isEqualTo("Linux stopped serving the AP: the AP's trace ring is corrupt: head 9000 > "
                + "4096 slots (at " + Durations.format(f.atNs()) + ")");
        assertThat(f.evidence()).first().asString().contains("channel broken: the AP's trace ring is corrupt");
        assertThat(s.hasErrors()).isTrue();
    }

    @Test
    void otherLinuxErrorsAreOneWarningNotFailing() throws IOException {
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.healthy(t, 20, 1);
            t.log(true, LogLevel.ERR.code(), "pmdi: vdb: request 3 failed: -5");
            t.log(true, LogLevel.WARN.code(), "channel broken: a warning is not Linux breaking the channel");
            t.log(true, LogLevel.INFO.code(), "pmdi: tracing on");
            GeneratedTraces.healthy(t, 20, 2);
            t.log(true, LogLevel.ERR.code(), "pmdi: vda: request 30 failed: -28");
            t.log(true, LogLevel.ERR.code(), "pmdi: vda: request 31 failed: -28");
        });
        assertThat(kinds(s)).containsExactly(FindingKind.LINUX_ERROR);
        Finding f = s.findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.summary()).isEqualTo("Linux logged 3 error(s), the first: pmdi: vdb: request 3 failed: -5");
        assertThat(f.evidence()).hasSize(2);
        assertThat(f.evidence().get(0)).startsWith("first at " + Durations.format(f.atNs()) + ": pmdi: vdb");
        assertThat(f.evidence().get(1)).startsWith("last at ").endsWith(": pmdi: vda: request 31 failed: -28");
        assertThat(s.hasErrors()).isFalse();
    }

    @Test
    void theApsOwnErrorLogsAreNotLinuxs() throws IOException {
        AnalysisSnapshot s = run(t -> {
            GeneratedTraces.healthy(t, 20, 1);
            t.log(false, LogLevel.ERR.code(), "channel broken: written by the AP");
            t.log(false, LogLevel.ERR.code(), "ap: something failed");
            GeneratedTraces.healthy(t, 20, 2);
        });
        assertThat(s.findings()).isEmpty();
        assertThat(s.eventCounts()).containsEntry("LOG", 2L);
    }

    @Test
    void wrongClockSyncGivesNegativeIntervalsNeverClamped() throws IOException {
        java.util.List<Request> done = new java.util.ArrayList<>();
        Path p = GeneratedTraces.write(tmp.resolve("t.pmdt"), 5, t -> {
            GeneratedTraces.healthy(t, 20, 1);
            t.clockError(-30 * GeneratedTraces.US);
            GeneratedTraces.healthy(t, 20, 2);
        });
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        a.addRequestListener(v -> done.add(v.toRequest()));
        TraceFiles.decode(p, a);
        a.finish();
        AnalysisSnapshot s = a.snapshot();
        assertThat(kinds(s)).containsExactly(FindingKind.NEGATIVE_INTERVAL);
        List<Request> late = done.stream().filter(r -> r.id() > 20).toList();
        List<Request> early = done.stream().filter(r -> r.id() <= 20).toList();
        assertThat(late).hasSize(20);
        assertThat(late).allMatch(r -> (r.flags() & RequestFlags.NEGATIVE_INTERVAL) != 0);
        assertThat(late).anyMatch(r -> r.phaseNs(Phase.DISPATCH_WAIT) < 0 || r.phaseNs(Phase.DOORBELL) < 0);
        assertThat(early).allMatch(r -> (r.flags() & RequestFlags.NEGATIVE_INTERVAL) == 0);
    }

    @Test
    void requestsSeenOnlyOnTheApAreIncompleteAndLossIsCounted() throws IOException {
        Path p = tmp.resolve("raw.pmdt");
        try (var w = org.pmdi.trace.file.TraceFileWriter.create(p); var out = w.asOutputStream()) {
            var enc = org.pmdi.trace.codec.TraceEncoder.create(out);
            enc.header(org.pmdi.trace.SessionHeader.builder().session(3, 0, 0, 0, 0).clock(1_000_000, 1_000_000)
                    .source(org.pmdi.trace.Source.of(0, 0, 1, 1, 64)).source(org.pmdi.trace.Source.of(1, 1, 0, 0, 64))
                    .build());
            enc.event(1, EventType.CLOCK_SYNC.id(), 1_000, 0, 0, 10, 20);
            enc.event(0, EventType.REQ_POST.id(), 1_000, 5, 1, 1, 0, 512, 0);
            enc.event(0, EventType.DOORBELL_SEND.id(), 1_100, 5, 0, 0);
            enc.skipSeq(1, 7); // the Linux side's records are lost in transport
            enc.event(1, EventType.LOST.id(), 1_150, 0, 4); // and 4 dropped by a full trace ring
            enc.event(0, EventType.REPLY_TAKE.id(), 2_000, 5, 0);
            enc.event(0, EventType.REQ_DONE.id(), 2_100, 5, 0);
            enc.flush();
        }
        AnalysisSnapshot s = TraceFiles.analyze(p, AnalysisConfig.defaults());
        assertThat(kinds(s)).containsExactlyInAnyOrder(FindingKind.EVENTS_LOST, FindingKind.INCOMPLETE_REQUESTS);
        Finding lost = s.findings().stream().filter(f -> f.kind() == FindingKind.EVENTS_LOST).findFirst().get();
        assertThat(lost.evidence()).contains("dropped by full trace rings: 4", "lost in transport: 7");
        assertThat(s.completed()).isEqualTo(1);
        assertThat(s.latency(1, "total").count()).isEqualTo(1);
        assertThat(s.latency(1, "driver").count()).isZero();
    }

    @Test
    void lostEventsAreAFindingAndRequestsAreFlagged() throws IOException {
        AnalysisSnapshot s = TraceFiles.analyze(Path.of("../trace-format/golden/v0/loss-and-corruption.pmdt"),
                AnalysisConfig.defaults());
        assertThat(kinds(s)).contains(FindingKind.EVENTS_LOST);
    }
}
