package org.pmdi.analysis.errors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.pmdi.analysis.latency.LatencySummary;
import org.pmdi.analysis.request.Point;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.request.RequestListener;
import org.pmdi.analysis.request.RequestView;
import org.pmdi.trace.RefusalReason;

/**
 * Counts the outcome of every request per device, and explains each failure: a REQ_REFUSED
 * record of the request names Linux's reason; without one, a request that reached DRV_END
 * failed in the driver (the dispatcher posts the driver's status unchanged); otherwise the
 * trace does not say.
 *
 * <pre>{@code
 * FailureTracker f = FailureTracker.create();
 * tracker.addListener(f);                       // finalized requests
 * f.onRefused(req, reasonCode);                 // each REQ_REFUSED record
 * List<DeviceErrors> now = f.snapshot(analyzer::forEachOpen);   // plus open requests already answered
 * }</pre>
 *
 * Open requests that Linux already answered count in a snapshot without being kept: a
 * refused request is finalized only after the reorder horizon (it never reaches the driver),
 * and live views must see it at once. An open request that failed without an explanation
 * yet is left out until it is finalized: the AP's REQ_DONE often arrives before Linux's
 * DRV_END or REQ_REFUSED (another ring), and "the trace does not say why" would be a wrong
 * diagnosis for the reorder horizon's length. Single writer, not thread-safe.
 */
public final class FailureTracker implements RequestListener {
    /** REQ_REFUSED records waiting for their request; a bound, in case requests are lost. */
    private static final int MAX_PENDING_REFUSALS = 4096;

    private final Counter[] counters = new Counter[257];
    private final Map<Integer, Integer> refusals = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
            return size() > MAX_PENDING_REFUSALS;
        }
    };

    private FailureTracker() {
    }

    public static FailureTracker create() {
        return new FailureTracker();
    }

    /** A REQ_REFUSED record: Linux refused request {@code req} for reason {@code code}. */
    public void onRefused(long req, long code) {
        if (req != 0) {
            refusals.put((int) req, (int) Math.max(-1, Math.min(code, Integer.MAX_VALUE)));
        }
    }

    /** A finalized request. */
    @Override
    public void onRequest(RequestView r) {
        if (r.status() >= 0) {
            if (answered(r)) {
                counter(r.device()).requests++;
            }
            return;
        }
        Integer code = refusals.remove((int) r.id());
        if (answered(r)) {
            counter(r.device()).add(r, cause(r, code));
        }
    }

    /** Linux answered it (DRV_END, REPLY_POST or REQ_DONE seen): its outcome is known. */
    private static boolean answered(RequestView r) {
        return r.pointNs(Point.DONE) != Request.ABSENT || r.pointNs(Point.REPLY_POST) != Request.ABSENT
                || r.pointNs(Point.DRV_END) != Request.ABSENT;
    }

    private static FailureCause cause(RequestView r, Integer refusal) {
        FailureCause c = refusal == null ? FailureCause.UNKNOWN : FailureCause.refused(RefusalReason.of(refusal));
        if (c.kind() == FailureCause.Kind.UNKNOWN && r.pointNs(Point.DRV_END) != Request.ABSENT) {
            return FailureCause.DEVICE_ERROR;
        }
        return c;
    }

    private Counter counter(int device) {
        int i = device < 0 ? 256 : device & 0xff;
        Counter c = counters[i];
        if (c == null) {
            c = new Counter(device);
            counters[i] = c;
        }
        return c;
    }

    /** A source of open requests (e.g. {@code TraceAnalyzer::forEachOpen}). */
    @FunctionalInterface
    public interface OpenRequests {
        void forEach(RequestListener l);
    }

    /**
     * The outcomes so far: the finalized requests plus the open ones Linux already answered,
     * per device with at least one answered request, by device id (-1 last).
     */
    public List<DeviceErrors> snapshot(OpenRequests open) {
        Map<Integer, Counter> copies = new HashMap<>();
        for (Counter c : counters) {
            if (c != null) {
                copies.put(c.device, c.copy());
            }
        }
        if (open != null) {
            open.forEach(r -> {
                if (!answered(r)) {
                    return;
                }
                FailureCause cause = r.status() >= 0 ? null : cause(r, refusals.get((int) r.id()));
                if (cause == FailureCause.UNKNOWN) {
                    return; // Linux's records of it may still come (another ring): counted once finalized
                }
                Counter c = copies.computeIfAbsent(r.device(), Counter::new);
                if (cause == null) {
                    c.requests++;
                } else {
                    c.add(r, cause);
                }
            });
        }
        List<DeviceErrors> out = new ArrayList<>();
        copies.values().stream().filter(c -> c.requests > 0)
                .sorted(Comparator.comparingInt((Counter c) -> c.device < 0 ? 256 : c.device))
                .forEach(c -> out.add(c.toDeviceErrors()));
        return out;
    }

    /** The finalized outcomes only. */
    public List<DeviceErrors> snapshot() {
        return snapshot(null);
    }

    /** One device's running counts. */
    private static final class Counter {
        final int device;
        long requests;
        long failed;
        final Map<CauseKey, Cause> causes = new LinkedHashMap<>();
        Histogram failedTotal;

        Counter(int device) {
            this.device = device;
        }

        void add(RequestView r, FailureCause cause) {
            requests++;
            failed++;
            long at = outcomeNs(r);
            Cause c = causes.computeIfAbsent(new CauseKey(cause, r.status()), k -> new Cause());
            c.add(new FailedRequest(r.id(), r.device(), r.status(), cause, at, startNs(r)));
            long total = r.totalNs();
            if (total != Request.ABSENT && total >= 0) {
                if (failedTotal == null) {
                    failedTotal = new Histogram(3);
                }
                failedTotal.recordValue(total);
            }
        }

        Counter copy() {
            Counter c = new Counter(device);
            c.requests = requests;
            c.failed = failed;
            causes.forEach((k, v) -> c.causes.put(k, v.copy()));
            c.failedTotal = failedTotal == null ? null : failedTotal.copy();
            return c;
        }

        DeviceErrors toDeviceErrors() {
            List<CauseCount> list = new ArrayList<>();
            long first = Request.ABSENT;
            long last = Request.ABSENT;
            for (Map.Entry<CauseKey, Cause> e : causes.entrySet()) {
                Cause c = e.getValue();
                list.add(new CauseCount(device, e.getKey().cause(), e.getKey().status(), c.count, c.firstNs, c.lastNs,
                        c.first));
                first = first == Request.ABSENT ? c.firstNs : Math.min(first, c.firstNs);
                last = last == Request.ABSENT ? c.lastNs : Math.max(last, c.lastNs);
            }
            list.sort(Comparator.comparingLong(CauseCount::count).reversed()
                    .thenComparing(c -> c.cause().key()).thenComparingLong(c -> -c.status()));
            LatencySummary lat = LatencySummary.of(device, "failed",
                    failedTotal == null ? new Histogram(3) : failedTotal, spanSeconds(first, last));
            return new DeviceErrors(device, requests, failed, list, first, last, lat);
        }

        private static double spanSeconds(long first, long last) {
            return first == Request.ABSENT || last <= first ? 0 : (last - first) / 1e9;
        }
    }

    /** When the failure was known: REQ_DONE, else REPLY_POST, else DRV_END. */
    static long outcomeNs(RequestView r) {
        long t = r.pointNs(Point.DONE);
        if (t == Request.ABSENT) {
            t = r.pointNs(Point.REPLY_POST);
        }
        return t != Request.ABSENT ? t : r.pointNs(Point.DRV_END);
    }

    /**
     * The earliest of {@code r}'s own events, or ABSENT. Not the IPIs: they are the ring's
     * latest interrupt, attributed to the request only when it is finalized.
     */
    private static long startNs(RequestView r) {
        long m = Request.ABSENT;
        for (Point p : Point.values()) {
            long t = p == Point.LINUX_IPI || p == Point.AP_IPI ? Request.ABSENT : r.pointNs(p);
            if (t != Request.ABSENT && (m == Request.ABSENT || t < m)) {
                m = t;
            }
        }
        return m;
    }

    private record CauseKey(FailureCause cause, long status) {
    }

    /** The running count of one cause and status. */
    private static final class Cause {
        long count;
        long firstNs = Request.ABSENT;
        long lastNs = Request.ABSENT;
        final List<FailedRequest> first = new ArrayList<>();

        void add(FailedRequest f) {
            count++;
            long t = f.atNs();
            if (t != Request.ABSENT) {
                firstNs = firstNs == Request.ABSENT ? t : Math.min(firstNs, t);
                lastNs = lastNs == Request.ABSENT ? t : Math.max(lastNs, t);
            }
            // Requests finalize out of order: keep the earliest few by time, not by arrival.
            if (first.size() < CauseCount.EXAMPLES || t < first.get(first.size() - 1).atNs()) {
                first.add(f);
                first.sort(Comparator.comparingLong(FailedRequest::atNs));
                if (first.size() > CauseCount.EXAMPLES) {
                    first.remove(first.size() - 1);
                }
            }
        }

        Cause copy() {
            Cause c = new Cause();
            c.count = count;
            c.firstNs = firstNs;
            c.lastNs = lastNs;
            c.first.addAll(first);
            return c;
        }
    }
}
