package org.pmdi.analysis.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pmdi.analysis.AnalysisConfig;
import org.pmdi.analysis.AnalysisSnapshot;
import org.pmdi.analysis.DeviceInfo;
import org.pmdi.analysis.GeneratedTraces;
import org.pmdi.analysis.LiveAnalysis;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.Severity;
import org.pmdi.analysis.findings.StuckReason;
import org.pmdi.analysis.findings.StuckRequest;
import org.pmdi.analysis.live.Transition.Kind;
import org.pmdi.analysis.request.Point;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.synth.StopAt;
import org.pmdi.trace.codec.TraceItems;

/** Stuck, recovered, cleared and first findings, from successive snapshots. */
class FindingWatchTest {
    private static final long S = 1_000_000_000L;
    private static final List<DeviceInfo> DEVICES = List.of(new DeviceInfo(2, "vdc", "virtio_blk", "block", 0, 0, S));

    @TempDir
    Path tmp;

    /** Request 7 on vdc, posted at 1 s, in the driver from 1.1 s; done at {@code doneNs} (ABSENT: open). */
    private static Request vdcRead(long doneNs) {
        long[] p = new long[Point.COUNT];
        Arrays.fill(p, Request.ABSENT);
        p[Point.POST.ordinal()] = S;
        p[Point.DISPATCH.ordinal()] = S + S / 10;
        p[Point.DRV_BEGIN.ordinal()] = S + S / 10;
        if (doneNs != Request.ABSENT) {
            p[Point.DRV_END.ordinal()] = doneNs - 1000;
            p[Point.REPLY_POST.ordinal()] = doneNs - 900;
            p[Point.REPLY_TAKE.ordinal()] = doneNs - 100;
            p[Point.DONE.ordinal()] = doneNs;
        }
        return new Request(7, 2, 1, 65536, 0, 0, 0, 1, p);
    }

    private static AnalysisSnapshot snapshot(long nowNs, List<StuckRequest> stuck, List<Finding> findings) {
        return new AnalysisSnapshot(nowNs, 0, Map.of(), DEVICES, List.of(), Map.of(), stuck, findings, 0, 0, 0, 0);
    }

    private static StuckRequest inDriver(long nowNs) {
        return new StuckRequest(vdcRead(Request.ABSENT), StuckReason.IN_DRIVER, "DRV_BEGIN seen", nowNs - S, S);
    }

    @Test
    void aHeldRequestIsStuckOnceThenRecoveredWithItsDriverTime() {
        FindingWatch w = new FindingWatch();
        assertThat(w.update(snapshot(S, List.of(), List.of()))).isEmpty();
        List<Transition> first = w.update(snapshot(3 * S, List.of(inDriver(3 * S)), List.of()));
        assertThat(first).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo(Kind.STUCK);
            assertThat(t.requestId()).isEqualTo(7);
            assertThat(t.atNs()).isEqualTo(3 * S);
            assertThat(t.text()).startsWith("vdc request 7: inside the driver").contains("outstanding 2.00 s");
        });
        assertThat(w.update(snapshot(4 * S, List.of(inDriver(4 * S)), List.of()))).isEmpty();
        w.finished(vdcRead(13 * S));
        List<Transition> back = w.update(snapshot(13 * S, List.of(), List.of()));
        assertThat(back).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo(Kind.RECOVERED);
            assertThat(t.text()).isEqualTo("vdc request 7: done after 12.00 s, 11.90 s of it in the driver, status 0");
            assertThat(t.line()).isEqualTo("     13.0 s  RECOVERED  " + t.text());
        });
        assertThat(w.update(snapshot(14 * S, List.of(), List.of()))).isEmpty();
    }

    @Test
    void aCompletionSeenWhileStillListedStuckIsARecovery() {
        FindingWatch w = new FindingWatch();
        w.update(snapshot(3 * S, List.of(inDriver(3 * S)), List.of()));
        w.finished(vdcRead(5 * S));
        // the snapshot was taken before the analysis dropped it: the completion decides
        assertThat(w.update(snapshot(5 * S, List.of(inDriver(5 * S)), List.of())))
                .extracting(Transition::kind).containsExactly(Kind.RECOVERED);
    }

    @Test
    void leavingTheStuckListWithoutACompletionIsClearedAfterTheGrace() {
        FindingWatch w = new FindingWatch(2 * S);
        w.update(snapshot(3 * S, List.of(inDriver(3 * S)), List.of()));
        assertThat(w.update(snapshot(4 * S, List.of(), List.of()))).isEmpty();
        assertThat(w.update(snapshot(5 * S + S / 2, List.of(), List.of()))).isEmpty();
        assertThat(w.update(snapshot(6 * S, List.of(), List.of()))).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo(Kind.CLEARED);
            assertThat(t.text()).contains("no completion seen");
        });
        assertThat(w.update(snapshot(9 * S, List.of(), List.of()))).isEmpty();
    }

    /**
     * The AP's REQ_DONE came before Linux's records of the request (another ring): the
     * analysis drops it from the stuck list at once but finalizes it only a snapshot later.
     */
    @Test
    void aCompletionFinalizedAfterTheRequestLeftTheStuckListIsARecovery() {
        FindingWatch w = new FindingWatch();
        w.update(snapshot(3 * S, List.of(inDriver(3 * S)), List.of()));
        assertThat(w.update(snapshot(13 * S, List.of(), List.of()))).isEmpty();
        w.finished(vdcRead(13 * S));
        assertThat(w.update(snapshot(13 * S + S / 4, List.of(), List.of())))
                .extracting(Transition::kind).containsExactly(Kind.RECOVERED);
        assertThat(w.update(snapshot(20 * S, List.of(), List.of()))).isEmpty();
    }

    @Test
    void aRequestListedAgainWithinTheGraceIsNotReportedTwice() {
        FindingWatch w = new FindingWatch();
        w.update(snapshot(3 * S, List.of(inDriver(3 * S)), List.of()));
        assertThat(w.update(snapshot(4 * S, List.of(), List.of()))).isEmpty();
        assertThat(w.update(snapshot(5 * S, List.of(inDriver(5 * S)), List.of()))).isEmpty();
        assertThat(w.update(snapshot(9 * S, List.of(inDriver(9 * S)), List.of()))).isEmpty();
    }

    @Test
    void requestsNeverStuckAreNotReported() {
        FindingWatch w = new FindingWatch();
        w.finished(vdcRead(2 * S));
        assertThat(w.update(snapshot(2 * S, List.of(), List.of()))).isEmpty();
    }

    @Test
    void aChangedDiagnosisIsReportedAgain() {
        FindingWatch w = new FindingWatch();
        w.update(snapshot(3 * S, List.of(inDriver(3 * S)), List.of()));
        StuckRequest silent = new StuckRequest(vdcRead(Request.ABSENT), StuckReason.AP_SILENT, "", 3 * S, S);
        assertThat(w.update(snapshot(4 * S, List.of(silent), List.of()))).singleElement()
                .satisfies(t -> assertThat(t.text()).contains(StuckReason.AP_SILENT.words()));
    }

    @Test
    void otherFindingsAreReportedOncePerKindAndDevice() {
        FindingWatch w = new FindingWatch();
        Finding slow = Finding.of(FindingKind.SLOW_DRIVER, Severity.WARNING, "vdb is slow", 1, -1, S, List.of());
        Finding stuckF = Finding.of(FindingKind.STUCK_REQUEST, Severity.ERROR, "stuck", 2, 7, S, List.of());
        List<Transition> t = w.update(snapshot(S, List.of(), List.of(slow, stuckF)));
        assertThat(t).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Kind.FINDING);
            assertThat(x.text()).isEqualTo("WARNING SLOW_DRIVER: vdb is slow");
        });
        assertThat(w.update(snapshot(2 * S, List.of(), List.of(slow)))).isEmpty();
        Finding slowToo = Finding.of(FindingKind.SLOW_DRIVER, Severity.WARNING, "vdc is slow", 2, -1, S, List.of());
        assertThat(w.update(snapshot(3 * S, List.of(), List.of(slow, slowToo)))).hasSize(1);
    }

    @Test
    void onALiveAnalysisAStuckRequestIsReportedOnceAsTheWallClockMoves() throws IOException {
        Path p = GeneratedTraces.write(tmp.resolve("t.pmdt"), 5, s -> {
            GeneratedTraces.healthy(s, 40, 5);
            s.request(1, 1, 4096, 0, StopAt.IN_DRIVER);
        });
        AtomicLong wall = new AtomicLong();
        LiveAnalysis live = LiveAnalysis.create(AnalysisConfig.defaults(), wall::get);
        FindingWatch w = new FindingWatch();
        live.analyzer().addRequestListener(w);
        List<Transition> all = new ArrayList<>();
        TraceItems.decodeAll(Files.readAllBytes(p)).forEach(item -> {
            live.accept(item);
            all.addAll(w.update(live.snapshot()));
        });
        assertThat(all).noneMatch(t -> t.kind() == Kind.STUCK);
        for (int i = 0; i < 5; i++) {
            wall.addAndGet(S / 2);
            all.addAll(w.update(live.snapshot()));
        }
        assertThat(all).filteredOn(t -> t.kind() == Kind.STUCK).first()
                .satisfies(t -> assertThat(t.text()).contains(StuckReason.IN_DRIVER.words()));
        assertThat(all).filteredOn(t -> t.kind() == Kind.STUCK && t.text().contains(StuckReason.IN_DRIVER.words()))
                .hasSize(1);
    }
}
