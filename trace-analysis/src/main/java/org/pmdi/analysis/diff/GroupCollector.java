package org.pmdi.analysis.diff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.pmdi.analysis.request.Phase;
import org.pmdi.analysis.request.Point;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.request.RequestListener;
import org.pmdi.analysis.request.RequestView;

/**
 * One side's requests by group while the trace streams: per (device id, op, size class) a
 * histogram of the total and of each phase, and the slowest few requests. Memory grows with
 * the groups, not the requests. Device ids are resolved to names at the end (the header that
 * names them may come after the first requests of a live capture). Only successful requests
 * (status ≥ 0) with a total are recorded, and a phase only when it was measured and is not
 * negative, as {@link org.pmdi.analysis.latency.LatencyStats} does. A RECV's wait for a frame
 * is not latency: its group's total is its rx latency (DRV_END, the frame arrived → REQ_DONE)
 * and only its COMPLETION and PICKUP phases are recorded, so that a quieter network is not
 * reported as a slower one.
 */
final class GroupCollector implements RequestListener {
    /** Series index of the total, after the six phases. */
    static final int TOTAL = Phase.COUNT;
    /** Slowest requests kept per group. */
    static final int SLOWEST = 5;
    /** Significant digits of the total's histograms. */
    static final int DIGITS = 3;
    /**
     * Significant digits of the phases' histograms: 1 % bins, far finer than the 25 % minimum
     * effect, at a seventh of the memory of 3 digits (as {@link org.pmdi.analysis.latency.LatencyStats}).
     */
    static final int PHASE_DIGITS = 2;

    private static final int RECV = org.pmdi.trace.Op.RECV.code();
    private final Map<Long, Acc> groups = new HashMap<>();
    private final long[] phases = new long[Phase.COUNT];
    private long lastKey = Long.MIN_VALUE;
    private Acc last;

    /** The accumulated data of one group (device id, op code, size class). */
    static final class Acc {
        final int device;
        final int op;
        final long sizeClass;
        /** Six phases then the total; created on the first value. */
        final Histogram[] hist = new Histogram[Phase.COUNT + 1];
        /** The slowest requests so far: total, id, post time; unordered, the fastest replaced. */
        final long[][] slow = new long[SLOWEST][];
        int slowCount;

        Acc(int device, int op, long sizeClass) {
            this.device = device;
            this.op = op;
            this.sizeClass = sizeClass;
        }

        void record(int series, long ns) {
            Histogram h = hist[series];
            if (h == null) {
                h = new Histogram(series == TOTAL ? DIGITS : PHASE_DIGITS);
                hist[series] = h;
            }
            h.recordValue(ns);
        }

        void offerSlow(long total, long id, long postNs) {
            if (slowCount < SLOWEST) {
                slow[slowCount++] = new long[] {total, id, postNs};
                return;
            }
            int min = 0;
            for (int i = 1; i < SLOWEST; i++) {
                if (slow[i][0] < slow[min][0]) {
                    min = i;
                }
            }
            if (total > slow[min][0]) {
                slow[min] = new long[] {total, id, postNs};
            }
        }

        /** The slowest requests, slowest first (ties by id). */
        List<Slowest> slowest() {
            List<Slowest> out = new ArrayList<>();
            for (int i = 0; i < slowCount; i++) {
                out.add(new Slowest(slow[i][1], slow[i][2], slow[i][0]));
            }
            out.sort((a, b) -> a.totalNs() != b.totalNs() ? Long.compare(b.totalNs(), a.totalNs())
                    : Long.compare(a.req(), b.req()));
            return out;
        }
    }

    @Override
    public void onRequest(RequestView r) {
        boolean recv = r.op() == RECV;
        long total = recv ? rxNs(r) : r.totalNs();
        if (total == Request.ABSENT || total < 0 || r.status() < 0) {
            return;
        }
        long size = GroupKey.sizeClass(r.length());
        long key = ((long) (r.device() + 1) << 40) | ((long) (r.op() & 0xffff) << 24) | Long.numberOfTrailingZeros(
                size == 0 ? 1L << 63 : size);
        Acc a = key == lastKey ? last : groups.get(key);
        if (a == null) {
            a = new Acc(r.device(), r.op(), size);
            groups.put(key, a);
        }
        lastKey = key;
        last = a;
        r.phasesNs(phases);
        for (int i = recv ? Phase.COMPLETION.ordinal() : 0; i < Phase.COUNT; i++) {
            long ns = phases[i];
            if (ns != Request.ABSENT && ns >= 0) {
                a.record(i, ns);
            }
        }
        a.record(TOTAL, total);
        a.offerSlow(total, r.id(), r.pointNs(Point.POST));
    }

    private static long rxNs(RequestView r) {
        long arrived = r.pointNs(Point.DRV_END);
        long done = r.pointNs(Point.DONE);
        return arrived == Request.ABSENT || done == Request.ABSENT ? Request.ABSENT : done - arrived;
    }

    /** The groups collected so far (live objects: read after the trace ended). */
    Iterable<Acc> groups() {
        return groups.values();
    }
}
