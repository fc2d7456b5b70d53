package org.pmdi.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import org.pmdi.analysis.findings.Durations;
import org.pmdi.analysis.findings.Finding;
import org.pmdi.analysis.findings.FindingKind;
import org.pmdi.analysis.findings.Severity;
import org.pmdi.analysis.findings.StuckClassifier;
import org.pmdi.analysis.findings.StuckRequest;
import org.pmdi.analysis.loss.LossMap;
import org.pmdi.analysis.loss.LossRegion;
import org.pmdi.analysis.request.Point;
import org.pmdi.analysis.request.Request;
import org.pmdi.trace.DeviceClass;

/**
 * Decides which open requests are stuck, from two kinds of evidence:
 * <ul>
 * <li>positive: an INFLIGHT snapshot of Linux listed the request when it was already older
 * than its threshold; it proves the request stuck whatever was lost;</li>
 * <li>absence: the request's next event never came; that counts only when no loss of the
 * side that writes that event (the AP's source, or Linux's) could hide it after the
 * request's last sign of life. Otherwise the answer is "cannot tell" ({@link
 * FindingKind#STUCK_UNCERTAIN}, INFO: no exit code).</li>
 * </ul>
 *
 * <pre>{@code
 * StuckDiagnosis.Result r = StuckDiagnosis.diagnose(analyzer, nowNs, apSilent);
 * r.stuck();        // proven, oldest first
 * r.uncertain();    // INFO findings
 * }</pre>
 *
 * Stateless; runs on the analyzer's thread, at snapshot time (allocates freely).
 */
final class StuckDiagnosis {
    private static final long A = Request.ABSENT;

    private StuckDiagnosis() {
    }

    /** The stuck requests, oldest first, and the "cannot tell" findings. */
    record Result(List<StuckRequest> stuck, List<Finding> uncertain) {
    }

    static Result diagnose(TraceAnalyzer a, long nowNs, boolean apSilent, long lastLinuxIpiNs) {
        LossMap loss = a.loss();
        IntPredicate linux = a.clock()::isLinux;
        IntPredicate ap = linux.negate();
        long lastDispatchedPost = a.tracker().lastDispatchedPostNs();
        long margin = marginNs(a.clock().maxUncertaintyNs());
        List<StuckRequest> stuck = new ArrayList<>();
        List<Finding> uncertain = new ArrayList<>();
        a.tracker().forEachOpen(v -> {
            if (v.pointNs(Point.DONE) != A || v.waitingForFrame()) {
                return; // a receive buffer waits for a frame as long as none comes: never stuck
            }
            Request r = v.toRequest();
            long first = r.firstNs();
            long threshold = a.config().stuck().forDevice(r.device(), a.deviceName(r.device()));
            if (first == A || nowNs - first < threshold) {
                return;
            }
            long listed = v.listedNs();
            boolean apNext = nextOnAp(r);
            long known = Math.max(since(r, apNext), listed);
            LossRegion hiding = loss.firstAfter(apNext ? ap : linux, known == A ? Long.MIN_VALUE : known - margin);
            boolean proven = listed != A && listed - first >= threshold;
            if (hiding != null && !proven) {
                uncertain.add(uncertain(a, r, nowNs, hiding));
                return;
            }
            if (!proven && mayBeReceiveBuffer(a, r)) {
                uncertain.add(unknownOnNic(a, r, nowNs));
                return;
            }
            StuckClassifier.Verdict verdict = StuckClassifier.classify(r, apSilent, lastLinuxIpiNs,
                    lastDispatchedPost, nowNs);
            String detail = verdict.detail();
            if (listed != A && hiding != null) {
                detail += "; Linux still listed it in flight " + Durations.format(nowNs - listed)
                        + " ago (events may be lost: " + hiding.describe() + ")";
            }
            stuck.add(new StuckRequest(r, verdict.reason(), detail, nowNs - first, threshold));
        });
        stuck.sort(Comparator.comparingLong((StuckRequest s) -> -s.ageNs()).thenComparingLong(s -> s.request().id()));
        uncertain.sort(Comparator.comparingLong(Finding::atNs).thenComparingLong(Finding::requestId));
        return new Result(stuck, uncertain);
    }

    private static Finding uncertain(TraceAnalyzer a, Request r, long nowNs, LossRegion hiding) {
        Point last = lastPoint(r);
        return Finding.of(FindingKind.STUCK_UNCERTAIN, Severity.INFO,
                "request " + r.id() + " on " + a.deviceName(r.device()) + " outstanding for "
                        + Durations.format(nowNs - r.firstNs()) + ": cannot tell whether it is stuck: its events may"
                        + " be in the loss at " + hiding.describe(),
                r.device(), r.id(), r.firstNs(),
                List.of("last seen: " + (last == null ? "nothing" : last.eventName() + " at "
                        + Durations.format(r.pointNs(last))),
                        "its next event is written by " + (nextOnAp(r) ? "the AP" : "Linux")
                                + "; no in-flight snapshot of Linux listed it after its threshold"));
    }

    /**
     * A request in a NIC's driver whose op is unknown (no REQ_POST: lost, or its class not
     * traced) and with no DISPATCH, which would tell a RECV from a SEND: it may be a receive
     * buffer waiting for a frame, which is never stuck (with its DISPATCH the tracker knows).
     */
    private static boolean mayBeReceiveBuffer(TraceAnalyzer a, Request r) {
        return r.op() < 0 && a.deviceClass(r.device()) == DeviceClass.NET.code() && r.pointNs(Point.DISPATCH) == A
                && r.pointNs(Point.DRV_BEGIN) != A && r.pointNs(Point.DRV_END) == A;
    }

    private static Finding unknownOnNic(TraceAnalyzer a, Request r, long nowNs) {
        return Finding.of(FindingKind.STUCK_UNCERTAIN, Severity.INFO,
                "request " + r.id() + " on " + a.deviceName(r.device()) + " in the driver for "
                        + Durations.format(nowNs - r.pointNs(Point.DRV_BEGIN)) + ": cannot tell whether it is"
                        + " stuck: the trace has neither its REQ_POST nor its DISPATCH, and on a NIC it may be a receive"
                        + " buffer waiting for a frame",
                r.device(), r.id(), r.firstNs(), List.of("last seen: DRV_BEGIN at "
                        + Durations.format(r.pointNs(Point.DRV_BEGIN))));
    }

    /** The latest point of {@code r} in data-path order, or null. */
    private static Point lastPoint(Request r) {
        for (int i = Point.COUNT - 1; i >= 0; i--) {
            if (r.pointNs(Point.of(i)) != A) {
                return Point.of(i);
            }
        }
        return null;
    }

    /**
     * How long before a request's point a loss may end and still hide its next event: the
     * points and the losses may be mapped from different clocks (Linux's onto the AP's), each
     * good to the clock sync's uncertainty.
     */
    static long marginNs(long clockUncertaintyNs) {
        return 2 * Math.max(0, clockUncertaintyNs) + 10_000;
    }

    /**
     * The earliest time the request's next event can have been written: after the latest
     * point its writer's side recorded for it (one CPU's records are in time order); when
     * that side recorded none, after the request's first point. Points of the other side
     * are no bound: a side may act before the other records what enabled it (the AP takes a
     * completion before Linux's REPLY_POST record is written).
     */
    private static long since(Request r, boolean apSide) {
        long t = A;
        for (int i = 0; i < Point.COUNT; i++) {
            Point p = Point.of(i);
            long ns = r.pointNs(p);
            if (ns != A && p.onAp() == apSide && (t == A || ns > t)) {
                t = ns;
            }
        }
        return t != A ? t : r.firstNs();
    }

    /**
     * True when the AP writes the request's next event: after REQ_POST (its doorbell) and
     * once Linux posted the completion (REPLY_TAKE, REQ_DONE); Linux's otherwise.
     */
    static boolean nextOnAp(Request r) {
        Point last = lastPoint(r);
        if (last == null) {
            return true;
        }
        return switch (last) {
            case POST, REPLY_POST, COMPLETION_DOORBELL, AP_IPI, REPLY_TAKE, DONE -> true;
            default -> false;
        };
    }
}
