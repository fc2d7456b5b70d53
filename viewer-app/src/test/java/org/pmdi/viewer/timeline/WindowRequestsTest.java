package org.pmdi.viewer.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pmdi.analysis.request.Phase;
import org.pmdi.analysis.request.Point;
import org.pmdi.analysis.request.RequestFlags;
import org.pmdi.trace.EventType;
import org.pmdi.trace.RefusalReason;
import org.pmdi.viewer.bench.SyntheticTrace;
import org.pmdi.viewer.data.EventColumns;

/**
 * The timeline's requests are the analysis's: phases by its boundary rules (Phase's
 * documentation), status and flags from its tracker; failures and refusals drawn and told.
 */
class WindowRequestsTest {
    private static final int AP = SyntheticTrace.AP;
    private static final int CPU = SyntheticTrace.CPU0;
    private static final int DEV = SyntheticTrace.VDB;

    /** One request's whole path; times in ns, starting at {@code t}; {@code status} on DRV_END, REPLY_POST, REQ_DONE. */
    private static void request(EventColumns.Builder b, long req, long t, long status, int refusal) {
        b.add(t, AP, EventType.REQ_POST.id(), req, DEV, 1);
        b.add(t + 100, AP, EventType.DOORBELL_SEND.id(), req, 0, 1);
        b.add(t + 200, CPU, EventType.IPI_RECV.id(), 0, 0xF2, 0);
        b.add(t + 300, CPU, EventType.DISPATCH.id(), req, 0, 0);
        if (refusal >= 0) {
            b.add(t + 350, CPU, EventType.REQ_REFUSED.id(), req, refusal, 0);
        } else {
            b.add(t + 400, CPU, EventType.DRV_BEGIN.id(), req, DEV, 0);
            b.add(t + 1400, CPU, EventType.DRV_END.id(), req, status, status == 0 ? 4096 : 0);
        }
        b.add(t + 1500, CPU, EventType.REPLY_POST.id(), req, status, 3);
        b.add(t + 1550, CPU, EventType.DOORBELL_SEND.id(), req, 1, 3);
        b.add(t + 1600, AP, EventType.IPI_RECV.id(), 0, 0xF3, 0);
        b.add(t + 1700, AP, EventType.REPLY_TAKE.id(), req, 3, 0);
        b.add(t + 1800, AP, EventType.REQ_DONE.id(), req, status, 0);
    }

    private static WindowRequests three() {
        EventColumns.Builder b = EventColumns.builder(64);
        request(b, 1, 0, 0, -1);
        request(b, 2, 10_000, -5, -1);
        request(b, 3, 20_000, -22, RefusalReason.BAD_LENGTH.code());
        return WindowRequests.of(b.build(), LaneLayout.DEVICE_ROWS);
    }

    @Test
    void phasesFollowTheAnalysisBoundaries() {
        WindowRequests.Span s = three().get(1);
        assertThat(s.done()).isTrue();
        // QUEUED post → doorbell decision; DOORBELL → Linux's IPI; DISPATCH_WAIT → DRV_BEGIN;
        // DRIVER → DRV_END; COMPLETION → the AP's IPI; PICKUP → REQ_DONE
        assertThat(s.phaseNs(Phase.QUEUED)).isEqualTo(100);
        assertThat(s.phaseNs(Phase.DOORBELL)).isEqualTo(100);
        assertThat(s.phaseNs(Phase.DISPATCH_WAIT)).isEqualTo(200);
        assertThat(s.phaseNs(Phase.DRIVER)).isEqualTo(1000);
        assertThat(s.phaseNs(Phase.COMPLETION)).isEqualTo(200);
        assertThat(s.phaseNs(Phase.PICKUP)).isEqualTo(200);
        long sum = 0;
        for (Phase p : Phase.values()) {
            sum += s.phaseNs(p);
            assertThat(s.phaseNs(p)).isEqualTo(s.request().phaseNs(p));
            assertThat(s.phaseStart(p)).isEqualTo(s.request().phaseStartNs(p));
        }
        assertThat(sum).isEqualTo(s.request().totalNs()).isEqualTo(1800);
        assertThat(s.at(Point.LINUX_IPI)).isEqualTo(200);
        assertThat(s.linuxSource()).isEqualTo(CPU);
        assertThat(s.apSource()).isEqualTo(AP);
        assertThat(s.bytes()).isEqualTo(4096);
        assertThat(s.failed()).isFalse();
        assertThat(s.refusal()).isNull();
        assertThat(RequestText.summary(s, SyntheticTrace.header())).isEqualTo("req 1 · vdb read 4096 B · 1.8 µs");
    }

    @Test
    void failedAndRefusedRequestsSayHow() {
        WindowRequests w = three();
        WindowRequests.Span eio = w.get(2);
        assertThat(eio.failed()).isTrue();
        assertThat(eio.status()).isEqualTo(-5);
        assertThat(eio.flags() & RequestFlags.ERROR_STATUS).isNotZero();
        assertThat(RequestText.summary(eio, SyntheticTrace.header())).endsWith("failed: EIO");
        WindowRequests.Span bad = w.get(3);
        assertThat(bad.refusal()).isEqualTo(RefusalReason.BAD_LENGTH);
        assertThat(RequestText.summary(bad, SyntheticTrace.header()))
                .contains("refused: bad_length (" + RefusalReason.BAD_LENGTH.description(), "malformed", "EINVAL");
        assertThat(String.join("\n", RequestText.details(bad, SyntheticTrace.header())))
                .contains(Phase.DRIVER.label() + " ", "—", "missing_events");
    }

    @Test
    void anUnfinishedRequestIsOpenWithTheTimesItReached() {
        EventColumns.Builder b = EventColumns.builder(16);
        b.add(0, AP, EventType.REQ_POST.id(), 9, DEV, 2);
        b.add(500, CPU, EventType.DISPATCH.id(), 9, 0, 0);
        b.add(700, CPU, EventType.DRV_BEGIN.id(), 9, DEV, 0);
        b.add(5_000, AP, EventType.HEARTBEAT.id(), 0, 1, 0);
        WindowRequests w = WindowRequests.of(b.build(), 4);
        assertThat(w.open()).hasSize(1);
        WindowRequests.Span s = w.get(9);
        assertThat(s.done()).isFalse();
        assertThat(s.lastSeen()).isEqualTo(700);
        assertThat(s.phaseStart(Phase.DRIVER)).isEqualTo(700);
        assertThat(s.phaseEnd(Phase.DRIVER)).isEqualTo(WindowRequests.ABSENT);
        assertThat(w.endNs()).isEqualTo(5_000);
        assertThat(w.tickCount()).isEqualTo(1);
        assertThat(RequestText.summary(s, SyntheticTrace.header())).contains("vdb write", "outstanding");
        assertThat(RequestText.details(s, SyntheticTrace.header()))
                .anyMatch(l -> l.contains(Phase.DRIVER.label()) && l.contains("still there, since 700 ns"))
                .noneMatch(l -> l.contains(Phase.COMPLETION.label()) && l.contains("still"));
    }

    @Test
    void failedRequestsAreOutlinedOrMarkedWhenNarrow() {
        WindowRequests w = three();
        LaneLayout lay = LaneLayout.of(SyntheticTrace.header());
        EventColumns none = EventColumns.empty();
        TimelineData data = TimelineData.of(lay, null, none, w, Long.MIN_VALUE, Long.MAX_VALUE, false);
        // wide: 2 µs per 200 px for each request
        DrawList wide = new DrawListBuilder().build(Viewport.of(0, 25_000, 2500), data);
        assertThat(wide.count(DrawList.FAILED)).isEqualTo(2);
        for (int i = 0; i < wide.size(); i++) {
            if (wide.kind(i) == DrawList.FAILED) {
                assertThat(wide.req(i)).isIn(2L, 3L);
                assertThat(wide.argb(i)).isEqualTo(PhaseColors.FAILED);
            }
        }
        // narrow: 25 µs on 10 px, a request is a fraction of a pixel: its cell takes the failure colour
        DrawList narrow = new DrawListBuilder().build(Viewport.of(0, 25_000, 10), data);
        assertThat(narrow.count(DrawList.FAILED)).isZero();
        boolean marked = false;
        for (int i = 0; i < narrow.size(); i++) {
            marked |= narrow.kind(i) == DrawList.RECT && narrow.argb(i) == PhaseColors.FAILED;
        }
        assertThat(marked).isTrue();
    }

    @Test
    void theLegendNamesEveryPhaseInTheAnalysisWords() {
        var words = PhaseColors.legend().stream().filter(e -> e.phase() != null).map(PhaseColors.Entry::words).toList();
        assertThat(words).containsExactly(java.util.Arrays.stream(Phase.values()).map(Phase::label).toArray(String[]::new));
        assertThat(PhaseColors.legend().stream().map(PhaseColors.Entry::argb).distinct().count())
                .isEqualTo(PhaseColors.legend().size());
    }
}
