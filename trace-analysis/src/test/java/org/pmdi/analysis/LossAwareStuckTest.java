package org.pmdi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.Severity;
import org.pmdi.analysis.findings.StuckReason;
import org.pmdi.analysis.findings.StuckRequest;
import org.pmdi.analysis.request.RequestFlags;
import org.pmdi.trace.BadFrame;
import org.pmdi.trace.EventType;
import org.pmdi.trace.TraceEvent;
import org.pmdi.trace.TraceItem;

/**
 * The stuck diagnosis under loss (issue 14 §2), on hand-made streams: the AP (source 0)
 * writes a heartbeat every 100 ms, Linux (source 1) serves request 7 at 10 ms and posts its
 * completion, which the AP never takes; then losses of either side, before or after it,
 * and snapshots of Linux. Times are ns (no header: 1 cycle = 1 ns).
 */
class LossAwareStuckTest {
    private static final long MS = 1_000_000L;

    /** Builds the stream as items with per-source seqs; {@link #skip} makes a seq gap. */
    private static final class Stream {
        final List<TraceItem> items = new ArrayList<>();
        final long[] seq = new long[2];

        Stream ev(int source, EventType t, long ns, long req, long... args) {
            items.add(TraceEvent.fixed(source, seq[source]++, t.id(), ns, req, args));
            return this;
        }

        Stream skip(int source, long n) {
            seq[source] += n;
            return this;
        }

        Stream heartbeats(long fromMs, long toMs) {
            for (long t = fromMs; t <= toMs; t += 100) {
                ev(0, EventType.HEARTBEAT, t * MS, 0, t);
            }
            return this;
        }

        /** Request 7 up to its completion doorbell, at 10 ms. */
        Stream stuckCompletion() {
            ev(0, EventType.REQ_POST, 10 * MS, 7, 1, 1, 0, 4096, 0);
            ev(0, EventType.DOORBELL_SEND, 10 * MS + 100_000, 7, 0, 0);
            ev(1, EventType.DISPATCH, 10 * MS + 200_000, 7, 1);
            ev(1, EventType.DRV_BEGIN, 10 * MS + 300_000, 7, 1);
            ev(1, EventType.DRV_END, 10 * MS + 500_000, 7, 0, 4096);
            ev(1, EventType.REPLY_POST, 10 * MS + 600_000, 7, 0, 0);
            return ev(1, EventType.DOORBELL_SEND, 10 * MS + 700_000, 7, 1, 0);
        }

        /** An INFLIGHT record of Linux at {@code ms} listing request 7 in {@code phase} since 10 ms. */
        Stream inflight(long ms, int phase) {
            byte[] b = new byte[16];
            java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(10 * MS).putInt(7)
                    .put((byte) 1).put((byte) 1).put((byte) phase);
            items.add(TraceEvent.blob(1, seq[1]++, EventType.INFLIGHT.id(), ms * MS, 0, b));
            return this;
        }

        AnalysisSnapshot analyze() {
            return analyze(a -> { });
        }

        AnalysisSnapshot analyze(Consumer<TraceAnalyzer> atEnd) {
            TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
            items.forEach(a::accept);
            atEnd.accept(a);
            a.finish();
            return a.snapshot();
        }
    }

    private static List<Finding> uncertain(AnalysisSnapshot s) {
        return s.findings().stream().filter(f -> f.kind() == FindingKind.STUCK_UNCERTAIN).toList();
    }

    @Test
    void withoutLossAnUntakenCompletionIsStuck() {
        AnalysisSnapshot s = new Stream().heartbeats(0, 0).stuckCompletion().heartbeats(100, 3000).analyze();
        assertThat(s.stuck()).extracting(StuckRequest::reason).containsExactly(StuckReason.COMPLETION_NOT_TAKEN);
        assertThat(s.stuck().get(0).reason().words()).doesNotContain("not responding");
        assertThat(uncertain(s)).isEmpty();
        assertThat(s.hasErrors()).isTrue();
    }

    @Test
    void aLossOfTheApAfterItMeansCannotTellAtInfo() {
        AnalysisSnapshot s = new Stream().heartbeats(0, 0).stuckCompletion().heartbeats(100, 500).skip(0, 3)
                .heartbeats(600, 3000).analyze();
        assertThat(s.stuck()).isEmpty();
        assertThat(uncertain(s)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.requestId()).isEqualTo(7);
            assertThat(f.summary()).contains("cannot tell", "500.00 ms to 600.00 ms", "3 events lost in transport");
        });
        assertThat(s.hasErrors()).as("the exit code ignores it").isFalse();
    }

    @Test
    void aLossBeforeTheRequestOrOfTheOtherSideHidesNothing() {
        AnalysisSnapshot s = new Stream().heartbeats(0, 0).skip(0, 5).skip(1, 4).stuckCompletion().skip(1, 2)
                .ev(1, EventType.IPI_RECV, 900 * MS, 0, 42).heartbeats(100, 3000).analyze();
        assertThat(s.stuck()).extracting(StuckRequest::reason).containsExactly(StuckReason.COMPLETION_NOT_TAKEN);
        assertThat(uncertain(s)).isEmpty();
    }

    @Test
    void aSnapshotListingItPastItsThresholdProvesItStuckWhateverWasLost() {
        AnalysisSnapshot s = new Stream().heartbeats(0, 0).stuckCompletion().heartbeats(100, 500).skip(0, 3)
                .heartbeats(600, 1500).inflight(1600, 3).heartbeats(1700, 3000).skip(0, 2).heartbeats(3100, 3200)
                .analyze();
        assertThat(s.stuck()).extracting(StuckRequest::reason).containsExactly(StuckReason.COMPLETION_NOT_TAKEN);
        assertThat(s.stuck().get(0).detail()).contains("Linux still listed it in flight");
        assertThat(uncertain(s)).isEmpty();
    }

    @Test
    void aSnapshotBeforeTheThresholdIsNoProofButFillsALostPoint() {
        AnalysisSnapshot s = new Stream().heartbeats(0, 0)
                .ev(0, EventType.REQ_POST, 10 * MS, 7, 1, 1, 0, 4096, 0)
                .ev(0, EventType.DOORBELL_SEND, 10 * MS + 100_000, 7, 0, 0)
                .ev(1, EventType.DISPATCH, 10 * MS + 200_000, 7, 1).skip(1, 3) // DRV_BEGIN, DRV_END, REPLY_POST lost
                .inflight(300, 3).heartbeats(100, 500).skip(0, 1).heartbeats(600, 3000).analyze();
        assertThat(s.stuck()).isEmpty();
        assertThat(uncertain(s)).singleElement().satisfies(f -> assertThat(String.join(" ", f.evidence()))
                .contains("REPLY_POST", "written by the AP"));
    }

    @Test
    void theApIsNotSilentWhileAFrameAfterItsLastEventMayHaveBeenItsOwn() {
        Stream base = new Stream().heartbeats(0, 500).stuckCompletion();
        for (long t = 600; t <= 4000; t += 100) {
            base.ev(1, EventType.IPI_RECV, t * MS, 0, 42);
        }
        AnalysisSnapshot silent = base.analyze();
        assertThat(silent.findings()).extracting(Finding::kind).contains(FindingKind.AP_SILENT);
        assertThat(silent.stuck()).extracting(StuckRequest::reason).containsExactly(StuckReason.AP_SILENT);

        AnalysisSnapshot corruptAtTheEnd = base.analyze(a -> a.onBadFrame(false, 123));
        assertThat(corruptAtTheEnd.findings()).extracting(Finding::kind).doesNotContain(FindingKind.AP_SILENT);
        assertThat(corruptAtTheEnd.stuck()).isEmpty();
        assertThat(uncertain(corruptAtTheEnd)).hasSize(1);

        // a live feed (the bridge's) carries the bad frame as an item: the same diagnosis
        AnalysisSnapshot live = base.analyze(a -> a.accept(new BadFrame(false, 123)));
        assertThat(live.findings()).isEqualTo(corruptAtTheEnd.findings());
        assertThat(live.stuck()).isEmpty();
    }

    @Test
    void duplicatedRecordsMakeNoDuplicatePoints() {
        Stream st = new Stream().heartbeats(0, 0).stuckCompletion().heartbeats(100, 3000);
        List<TraceItem> twice = new ArrayList<>(st.items);
        twice.addAll(5, st.items.subList(1, 6)); // a stretch of records again, out of place
        TraceAnalyzer a = TraceAnalyzer.create(AnalysisConfig.defaults());
        twice.forEach(a::accept);
        AnalysisSnapshot s = a.snapshot();
        assertThat(s.events()).isEqualTo(st.items.size());
        assertThat(s.stuck()).singleElement().satisfies(
                x -> assertThat(x.request().flags() & RequestFlags.DUPLICATE_EVENT).isZero());
        assertThat(a.loss().duplicates()).isEqualTo(5);
    }

    @Test
    void liveTheSameRulesHoldAsTheWallClockMoves() {
        Stream st = new Stream().heartbeats(0, 0).stuckCompletion().heartbeats(100, 300).skip(0, 2)
                .heartbeats(400, 500);
        AtomicLong wall = new AtomicLong();
        LiveAnalysis live = LiveAnalysis.create(AnalysisConfig.defaults(), wall::get);
        st.items.forEach(live);
        wall.addAndGet(1_500_000_000L);
        AnalysisSnapshot s = live.snapshot();
        assertThat(s.stuck()).isEmpty();
        assertThat(uncertain(s)).hasSize(1);
        st.inflight(1700, 3);
        live.accept(st.items.get(st.items.size() - 1));
        assertThat(live.snapshot().stuck()).as("a snapshot past the threshold proves it, live too").hasSize(1);
    }
}
