package org.pmdi.analysis.findings;

import org.pmdi.analysis.request.Point;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.request.RequestFlags;

/**
 * Says where an outstanding request stopped: the last point of the data path it reached,
 * in plain words. Stateless.
 *
 * <pre>{@code
 * StuckClassifier.Verdict v = StuckClassifier.classify(request, apSilent, lastIpiNs, lastDispatchedPostNs, nowNs);
 * }</pre>
 */
public final class StuckClassifier {
    private static final long A = Request.ABSENT;

    private StuckClassifier() {
    }

    /** The reason and a one-line detail. */
    public record Verdict(StuckReason reason, String detail) {
    }

    /**
     * @param apSilent       the AP wrote nothing for longer than its silence threshold
     * @param lastLinuxIpiNs time of the latest doorbell IRQ Linux took (any CPU), or ABSENT
     * @param lastDispatchedPostNs latest REQ_POST time of a request Linux dispatched, or ABSENT
     * @param nowNs          the analysis's "now" on the AP timeline
     */
    public static Verdict classify(Request r, boolean apSilent, long lastLinuxIpiNs, long lastDispatchedPostNs,
            long nowNs) {
        if (r == null) {
            throw new IllegalArgumentException("r must not be null");
        }
        if (has(r, Point.REPLY_POST) || has(r, Point.COMPLETION_DOORBELL) || has(r, Point.REPLY_TAKE)) {
            String what = has(r, Point.REPLY_TAKE) ? "completion taken " + ago(r, Point.REPLY_TAKE, nowNs)
                    + " but the request never returned to its caller"
                    : "completion posted " + ago(r, has(r, Point.REPLY_POST) ? Point.REPLY_POST
                            : Point.COMPLETION_DOORBELL, nowNs) + ", never taken by the AP";
            return new Verdict(apSilent ? StuckReason.AP_SILENT : StuckReason.COMPLETION_NOT_TAKEN,
                    apSilent ? what + "; the AP has been silent since" : what);
        }
        if (has(r, Point.DRV_END)) {
            return new Verdict(StuckReason.WAITING_FOR_DISPATCHER,
                    "the driver returned " + ago(r, Point.DRV_END, nowNs) + " but no completion was posted");
        }
        if (has(r, Point.DRV_BEGIN)) {
            return new Verdict(StuckReason.IN_DRIVER,
                    "called into the driver " + ago(r, Point.DRV_BEGIN, nowNs) + ", it never returned");
        }
        if (has(r, Point.DISPATCH)) {
            return new Verdict(StuckReason.WAITING_FOR_DISPATCHER,
                    "dispatched " + ago(r, Point.DISPATCH, nowNs) + ", the driver was never called");
        }
        if (has(r, Point.REQUEST_DOORBELL)) {
            long db = r.pointNs(Point.REQUEST_DOORBELL);
            long post = r.pointNs(Point.POST);
            if (post != A && lastDispatchedPostNs != A && lastDispatchedPostNs > post) {
                return new Verdict(StuckReason.NOT_SEEN_BY_LINUX, "doorbell "
                        + ((r.flags() & RequestFlags.DOORBELL_SUPPRESSED) != 0 ? "suppressed " : "rung ")
                        + ago(r, Point.REQUEST_DOORBELL, nowNs)
                        + "; Linux dispatched requests posted after it but never this one");
            }
            if ((r.flags() & RequestFlags.DOORBELL_SUPPRESSED) != 0) {
                return new Verdict(StuckReason.WAITING_FOR_DISPATCHER, "doorbell suppressed "
                        + ago(r, Point.REQUEST_DOORBELL, nowNs)
                        + " (Linux was draining), never dispatched");
            }
            if (lastLinuxIpiNs != A && lastLinuxIpiNs >= db) {
                return new Verdict(StuckReason.WAITING_FOR_DISPATCHER, "doorbell rung "
                        + ago(r, Point.REQUEST_DOORBELL, nowNs)
                        + " and Linux took a doorbell IRQ after it, never dispatched");
            }
            return new Verdict(apSilent ? StuckReason.AP_SILENT : StuckReason.NOT_SEEN_BY_LINUX,
                    "doorbell rung " + ago(r, Point.REQUEST_DOORBELL, nowNs)
                            + ", Linux never took the interrupt");
        }
        if (apSilent) {
            return new Verdict(StuckReason.AP_SILENT, "posted " + ago(r, Point.POST, nowNs)
                    + ", then the AP went silent before ringing the doorbell");
        }
        return new Verdict(StuckReason.NOT_SEEN_BY_LINUX,
                "posted " + ago(r, Point.POST, nowNs) + ", the doorbell was never rung");
    }

    private static boolean has(Request r, Point p) {
        return r.pointNs(p) != A;
    }

    private static String ago(Request r, Point p, long nowNs) {
        long t = r.pointNs(p);
        return t == A ? "(time unknown)" : Durations.format(nowNs - t) + " ago";
    }
}
