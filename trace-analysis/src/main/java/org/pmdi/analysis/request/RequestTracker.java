package org.pmdi.analysis.request;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.pmdi.trace.EventType;

/**
 * Rebuilds requests from the events of both sides, one event at a time, in any arrival
 * order across rings: a request is finalized (handed to the listeners, then forgotten) once
 * every point of its data path is seen (the IPIs are optional: doorbells may be
 * suppressed), or when its REQ_DONE is older than the reorder horizon ({@link #sweep}), or
 * at {@link #finish()}.
 *
 * <pre>{@code
 * RequestTracker t = RequestTracker.create(1024);
 * t.addListener(view -> ...);
 * t.onEvent(source, linux, type, ns, req, args);   // ns on the AP timeline
 * t.forEachOpen(view -> ...);                     // outstanding requests, e.g. for stuck ones
 * t.finish();
 * }</pre>
 *
 * Missing, duplicate and out-of-order events are tolerated and flagged
 * ({@link RequestFlags}); doorbells of the event ring (2) belong to unsolicited events and
 * are ignored here. Single writer, not thread-safe; allocates nothing per event.
 */
public final class RequestTracker {
    private static final long A = Request.ABSENT;
    private static final int NP = Point.COUNT;
    private static final int AP_MASK;
    private static final int LINUX_MASK;
    /** Points every complete request has; the IPIs are optional (suppressed doorbells). */
    private static final int REQUIRED;
    private static final int POST_OR_DISPATCH = 1 << Point.POST.ordinal() | 1 << Point.DISPATCH.ordinal();
    /** The driver's points, which a refused request does not have. */
    private static final int DRIVER_POINTS = 1 << Point.DRV_BEGIN.ordinal() | 1 << Point.DRV_END.ordinal();
    /** The points a refused request needs to be complete. */
    private static final int REFUSED_REQUIRED;
    private static final int IPI_RECV = EventType.IPI_RECV.id();
    private static final int OP_RECV = org.pmdi.trace.Op.RECV.code();
    private static final int POST = Point.POST.ordinal();
    /** Marker in {@link #POINT_OF_TYPE}: a doorbell, whose point depends on its ring. */
    private static final int DOORBELL = 100;
    /** Per event type: the point it marks, {@link #DOORBELL}, or -1 when it is not on a request's path. */
    private static final int[] POINT_OF_TYPE = new int[128];

    static {
        java.util.Arrays.fill(POINT_OF_TYPE, -1);
        POINT_OF_TYPE[EventType.REQ_POST.id()] = Point.POST.ordinal();
        POINT_OF_TYPE[EventType.DOORBELL_SEND.id()] = DOORBELL;
        POINT_OF_TYPE[EventType.DOORBELL_SUPPRESS.id()] = DOORBELL;
        POINT_OF_TYPE[EventType.DISPATCH.id()] = Point.DISPATCH.ordinal();
        POINT_OF_TYPE[EventType.DRV_BEGIN.id()] = Point.DRV_BEGIN.ordinal();
        POINT_OF_TYPE[EventType.DRV_END.id()] = Point.DRV_END.ordinal();
        POINT_OF_TYPE[EventType.REPLY_POST.id()] = Point.REPLY_POST.ordinal();
        POINT_OF_TYPE[EventType.REPLY_TAKE.id()] = Point.REPLY_TAKE.ordinal();
        POINT_OF_TYPE[EventType.REQ_DONE.id()] = Point.DONE.ordinal();
    }

    static {
        int ap = 0;
        for (Point p : Point.values()) {
            if (p.onAp()) {
                ap |= 1 << p.ordinal();
            }
        }
        AP_MASK = ap;
        LINUX_MASK = ((1 << NP) - 1) & ~ap;
        REQUIRED = ((1 << NP) - 1) & ~(1 << Point.LINUX_IPI.ordinal()) & ~(1 << Point.AP_IPI.ordinal());
        REFUSED_REQUIRED = REQUIRED & ~DRIVER_POINTS;
        if (Phase.COUNT != 6) {
            throw new AssertionError("Cursor.checkNegative writes out six phases, not " + Phase.COUNT);
        }
    }

    private final RequestTable table;
    private final List<RequestListener> listeners = new ArrayList<>();
    private RequestListener[] fan = new RequestListener[0];
    private final Cursor cursor = new Cursor();
    private final long[] lastIpi = new long[256];
    private final int[] depth = new int[256];
    private long finalized;
    private long doneWithoutLinux;
    private long abandoned;
    private long negativeIntervals;
    private long mostNegativeNs;
    private long negativeWithinClock;
    private long mostNegativeWithinClockNs;
    /** Clock-sync uncertainty (ns) of the current event's mapping: 0 AP, -1 unknown. */
    private long curUnc;
    private long idReuses;
    private long ignoredNoReq;
    private long lastDispatchedPostNs = A;
    /** Time of the INFLIGHT record whose entries come next ({@link #onInflightSnapshot}), or ABSENT. */
    private long snapshotNs = A;
    /** Slot that became complete during the current event, or -1. */
    private int pendingFinal = -1;
    /** Devices that are NICs (the session header's class), for {@link #inferRecv}. */
    private final boolean[] nic = new boolean[256];
    /**
     * Ids of requests without an op (their REQ_POST lost) that Linux dispatched in its drain
     * (DISPATCH ctx 0), until their DRV_BEGIN: rare, only under loss.
     */
    private final java.util.Set<Integer> irqDispatchedUnknown = new java.util.HashSet<>();

    private RequestTracker(int capacity) {
        table = new RequestTable(capacity);
        java.util.Arrays.fill(lastIpi, A);
    }

    /** A tracker sized for about {@code capacity} open requests (it grows as needed; ≥ 1). */
    public static RequestTracker create(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        return new RequestTracker(capacity);
    }

    /** Adds a listener for finalized requests (not null). */
    public void addListener(RequestListener l) {
        if (l == null) {
            throw new IllegalArgumentException("l must not be null");
        }
        listeners.add(l);
        fan = listeners.toArray(new RequestListener[0]);
    }

    /**
     * One event. {@code ns} is its time on the AP timeline; {@code args} holds the type's
     * arguments (only read during the call).
     */
    public void onEvent(int source, int type, long ns, long req, long[] args) {
        onEvent(source, type, ns, 0, req, args);
    }

    /**
     * As {@link #onEvent(int, int, long, long, long[])}, with the clock-sync uncertainty
     * ({@code uncNs}, ns; -1 when unknown) of the mapping that gave a Linux event's {@code ns}:
     * a negative phase within the uncertainties of its ends is consistent with the clocks.
     */
    public void onEvent(int source, int type, long ns, long uncNs, long req, long[] args) {
        int p = POINT_OF_TYPE[type & 127];
        if (p < 0) {
            if (type == IPI_RECV) {
                lastIpi[source] = ns;
            }
            return;
        }
        if (p == DOORBELL) {
            int ring = (int) args[0];
            if (ring == 0) {
                p = Point.REQUEST_DOORBELL.ordinal();
            } else if (ring == 1) {
                p = Point.COMPLETION_DOORBELL.ordinal();
            } else {
                return; // the event ring's doorbells belong to no request
            }
        }
        int id = (int) req;
        if (id == 0) {
            ignoredNoReq++;
            return;
        }
        curUnc = uncNs;
        if (p == POST) {
            post(id, ns, args);
        } else {
            int s = table.find(id);
            if (s < 0) {
                s = table.insert(id);
            }
            mark(s, p, ns);
            details(source, type, s, p, args);
        }
        if (pendingFinal >= 0) {
            finalizePending();
        }
    }

    /**
     * What an event says of request slot {@code s} besides the time of point {@code p}. Its
     * bytecode stays under HotSpot's FreqInlineSize (325 bytes) so that it is inlined into
     * {@link #onEvent}: a call per event otherwise (the shared steps are small methods).
     */
    private void details(int source, int type, int s, int p, long[] args) {
        RequestTable t = table;
        switch (type) { // EventType ids
            case 3 -> t.flags[s] |= p == Point.REQUEST_DOORBELL.ordinal() // DOORBELL_SUPPRESS
                    ? RequestFlags.DOORBELL_SUPPRESSED : RequestFlags.COMPLETION_SUPPRESSED;
            case 5 -> { // DISPATCH
                if (t.op[s] < 0 && args[0] == 0) {
                    noteIrqDispatch(t.key(s));
                }
                t.linuxSource[s] = source;
                attributeIpi(s, Point.LINUX_IPI.ordinal(), source);
            }
            case 6 -> { // DRV_BEGIN
                if (t.dev[s] < 0) {
                    t.dev[s] = (int) args[0] & 0xff;
                }
                if (t.op[s] < 0) {
                    inferRecv(s);
                }
            }
            case 7 -> statusUnlessLater(s, 1 << Point.DONE.ordinal() | 1 << Point.REPLY_POST.ordinal(), args[0]); // DRV_END
            case 8 -> statusUnlessLater(s, 1 << Point.DONE.ordinal(), args[0]); // REPLY_POST
            case 9 -> attributeIpi(s, Point.AP_IPI.ordinal(), source); // REPLY_TAKE
            case 10 -> done(s, args[0]);
            default -> {
                // DOORBELL_SEND: its time is all
            }
        }
    }

    /** The ring's latest IPI becomes IPI point {@code ipi} of slot {@code s}, unless it has one. */
    private void attributeIpi(int s, int ipi, int source) {
        int i = s * NP + ipi;
        if (table.times[i] == A) {
            table.times[i] = lastIpi[source];
        }
    }

    /** A status of slot {@code s}, unless a later point (one of {@code later}) already gave one. */
    private void statusUnlessLater(int s, int later, long status) {
        if ((table.seen[s] & later) == 0) {
            table.status[s] = status;
        }
    }

    /** Device {@code dev} (0..255) is a NIC, or not: from the session header. */
    public void setNic(int dev, boolean isNic) {
        nic[dev & 0xff] = isNic;
    }

    private void noteIrqDispatch(int id) {
        if (irqDispatchedUnknown.size() >= 4096) {
            irqDispatchedUnknown.clear(); // bounded: only ids whose DRV_BEGIN never came pile up
        }
        irqDispatchedUnknown.add(id);
    }

    /**
     * A request whose REQ_POST was lost (no op) enters a driver: on a NIC, one that Linux
     * dispatched in its drain (ctx 0) is a RECV buffer (FORMAT.md §4: a SEND is dispatched to
     * the worker, ctx 1), so it waits for a frame and is never stuck.
     */
    private void inferRecv(int s) {
        if (irqDispatchedUnknown.remove(table.key(s)) && table.dev[s] >= 0 && nic[table.dev[s]]) {
            table.op[s] = OP_RECV;
        }
    }

    private void finalizePending() {
        int s = pendingFinal;
        pendingFinal = -1;
        finalizeSlot(s);
    }

    /** REQ_POST: opens the request (finalizing an older one with the same id) and notes what it asks for. */
    private void post(int req, long ns, long[] args) {
        int s = table.find(req);
        if (s >= 0 && (table.seen[s] & 1) != 0) {
            idReuses++;
            table.flags[s] |= RequestFlags.ID_REUSED;
            if (pendingFinal == s) {
                pendingFinal = -1;
            }
            finalizeSlot(s);
            s = -1;
        }
        if (s < 0) {
            s = table.insert(req);
        }
        int d = (int) args[0] & 0xff;
        table.dev[s] = d;
        table.op[s] = (int) args[1];
        table.len[s] = args[3];
        table.off[s] = args[4];
        if ((table.seen[s] & 1 << Point.DONE.ordinal()) == 0) {
            depth[d]++;
        }
        mark(s, POST, ns);
    }

    /** REQ_DONE of slot {@code s} (already marked): its status; the queue shrinks. */
    private void done(int s, long status) {
        table.status[s] = status;
        int d = table.dev[s];
        if (d >= 0 && (table.seen[s] & 1) != 0) {
            depth[d]--;
        }
    }

    private void mark(int s, int p, long ns) {
        RequestTable t = table;
        int bit = 1 << p;
        int seen = t.seen[s];
        int side = (bit & AP_MASK) != 0 ? AP_MASK : LINUX_MASK;
        if ((seen & (bit | side & -(bit << 1))) != 0 && outOfOrder(s, bit, seen, side)) {
            return;
        }
        t.seen[s] = seen | bit;
        t.times[s * NP + p] = ns;
        if ((bit & LINUX_MASK) != 0) {
            long u = t.unc[s];
            long c = curUnc;
            t.unc[s] = u < 0 || c < 0 ? -1 : Math.max(u, c);
        }
        if ((bit & POST_OR_DISPATCH) != 0 && (seen & POST_OR_DISPATCH) != 0) {
            dispatchedPost(s, p, ns);
        }
        // complete (see required()): the flags are read only when a refused request could be
        int now = seen | bit;
        if ((now & REQUIRED) == REQUIRED
                || (now & REFUSED_REQUIRED) == REFUSED_REQUIRED && (t.flags[s] & RequestFlags.REFUSED) != 0) {
            pendingFinal = s;
        }
    }

    /** Flags a duplicate point (returns true: ignore it) or a point after a later one of its side. */
    private boolean outOfOrder(int s, int bit, int seen, int side) {
        if ((seen & bit) != 0) {
            table.flags[s] |= RequestFlags.DUPLICATE_EVENT;
            return true;
        }
        if ((seen & side & -(bit << 1)) != 0) {
            table.flags[s] |= RequestFlags.OUT_OF_ORDER;
        }
        return false;
    }

    /** Point {@code p} (POST or DISPATCH) completes the pair: the post time of a dispatched request. */
    private void dispatchedPost(int s, int p, long ns) {
        long post = p == Point.POST.ordinal() ? ns : table.times[s * NP];
        if (lastDispatchedPostNs == A || post > lastDispatchedPostNs) {
            lastDispatchedPostNs = post;
        }
    }

    /** The points a request needs to be complete: a refused one has no driver call. */
    private static int required(int flags) {
        return (flags & RequestFlags.REFUSED) != 0 ? REFUSED_REQUIRED : REQUIRED;
    }

    /**
     * A REQ_REFUSED record (format v1): Linux refused request {@code req} without calling a
     * driver, so it is complete without DRV_BEGIN and DRV_END (flagged
     * {@link RequestFlags#REFUSED}) and is finalized as soon as its other points are seen.
     */
    public void onRefused(long req) {
        int id = (int) req;
        if (id == 0) {
            return;
        }
        int s = table.find(id);
        if (s < 0) {
            s = table.insert(id);
        }
        table.flags[s] |= RequestFlags.REFUSED;
        int required = required(table.flags[s]);
        if ((table.seen[s] & required) == required) {
            finalizeSlot(s);
        }
    }

    /**
     * An INFLIGHT record written at {@code ns} begins: its entries ({@link #onInflight}) prove
     * their requests open at that time ({@link RequestView#listedNs()}).
     */
    public void onInflightSnapshot(long ns) {
        snapshotNs = ns;
    }

    /**
     * One entry of an INFLIGHT record: Linux's view of a request in flight since {@code ns}
     * in {@code phase} (0 queued, 1 dispatched, 2 in driver, 3 replied). A request this
     * tracker does not know yet (a reader that attached late) is opened at that point and
     * flagged {@link RequestFlags#FROM_SNAPSHOT}; a known one gets the phase's point if it
     * has no point of Linux at or after it (its events were lost). Both are noted as listed
     * at the record's time ({@link #onInflightSnapshot}).
     */
    public void onInflight(long req, int dev, int op, int phase, long ns) {
        onInflight(req, dev, op, phase, ns, -1);
    }

    /** As {@link #onInflight(long, int, int, int, long)} with the mapping's uncertainty (ns, -1 unknown). */
    public void onInflight(long req, int dev, int op, int phase, long ns, long uncNs) {
        curUnc = uncNs;
        int id = (int) req;
        if (id == 0) {
            return;
        }
        int s = table.find(id);
        if (s >= 0) {
            listed(s);
            int p = pointOfPhase(phase);
            if (p != POST && (table.seen[s] & LINUX_MASK & -(1 << p)) == 0) {
                mark(s, p, ns);
                if (pendingFinal >= 0) {
                    finalizePending();
                }
            }
            return;
        }
        s = table.insert(id);
        listed(s);
        table.dev[s] = dev & 0xff;
        table.op[s] = op;
        table.flags[s] |= RequestFlags.FROM_SNAPSHOT;
        int p = pointOfPhase(phase);
        mark(s, p, ns);
        if (p == Point.POST.ordinal()) {
            depth[dev & 0xff]++;
        }
    }

    private static int pointOfPhase(int phase) {
        return switch (phase) {
            case 1 -> Point.DISPATCH.ordinal();
            case 2 -> Point.DRV_BEGIN.ordinal();
            case 3 -> Point.REPLY_POST.ordinal();
            default -> Point.POST.ordinal();
        };
    }

    private void listed(int s) {
        if (snapshotNs != A && (table.listed[s] == A || snapshotNs > table.listed[s])) {
            table.listed[s] = snapshotNs;
        }
    }

    private void finalizeSlot(int s) {
        int f = table.flags[s];
        dropStaleIpis(s, f);
        if ((table.seen[s] & required(f)) != required(f)) {
            f |= RequestFlags.MISSING_EVENTS;
        }
        if (table.status[s] != 0) {
            f |= RequestFlags.ERROR_STATUS;
        }
        if (PhaseMath.takenBeforeDoorbell(table.times, s * NP)) {
            f |= RequestFlags.TAKEN_BEFORE_DOORBELL;
        }
        table.flags[s] = f;
        cursor.slot = s;
        if (cursor.checkNegative()) {
            table.flags[s] |= RequestFlags.NEGATIVE_INTERVAL;
        }
        finalized++;
        for (RequestListener l : fan) {
            l.onRequest(cursor);
        }
        cursor.frozen = false;
        table.remove(s);
    }

    /**
     * An IPI is attributed when the request is dispatched (taken) as the ring's latest IPI;
     * it belongs to this request only if its doorbell was sent and the IPI came after it.
     */
    private void dropStaleIpis(int s, int f) {
        int base = s * NP;
        long[] t = table.times;
        long db = t[base + Point.REQUEST_DOORBELL.ordinal()];
        int li = base + Point.LINUX_IPI.ordinal();
        if ((f & RequestFlags.DOORBELL_SUPPRESSED) != 0 || db == A || t[li] < db) {
            t[li] = A;
        }
        long ref = t[base + Point.COMPLETION_DOORBELL.ordinal()];
        if (ref == A) {
            ref = t[base + Point.DRV_END.ordinal()];
        }
        int ai = base + Point.AP_IPI.ordinal();
        if ((f & RequestFlags.COMPLETION_SUPPRESSED) != 0 || ref == A || t[ai] < ref) {
            t[ai] = A;
        }
    }

    /**
     * Finalizes requests whose REQ_DONE is older than {@code nowNs − horizonNs} but whose
     * Linux side never completed (their events were lost or not traced).
     */
    public void sweep(long nowNs, long horizonNs) {
        long limit = nowNs - horizonNs;
        int doneBit = 1 << Point.DONE.ordinal();
        for (int s = 0; s < table.capacity(); ) {
            if (table.key(s) != 0 && (table.seen[s] & doneBit) != 0
                    && table.times[s * NP + Point.DONE.ordinal()] < limit) {
                doneWithoutLinux++;
                finalizeSlot(s);
                continue; // the slot now holds a shifted entry (or is empty)
            }
            s++;
        }
    }

    /** End of input: finalizes every request the AP saw complete; the others stay open. */
    public void finish() {
        sweep(Long.MAX_VALUE, 0);
    }

    /** A new session: finalizes done requests and drops the open ones (counted, flagged). */
    public void endSession() {
        finish();
        for (int s = 0; s < table.capacity(); ) {
            if (table.key(s) != 0) {
                table.flags[s] |= RequestFlags.SESSION_ENDED;
                abandoned++;
                finalizeSlot(s);
                continue;
            }
            s++;
        }
        java.util.Arrays.fill(depth, 0);
        java.util.Arrays.fill(lastIpi, A);
    }

    /** Calls {@code c} with each open (not finalized) request, in table order. */
    public void forEachOpen(Consumer<RequestView> c) {
        for (int s = 0; s < table.capacity(); s++) {
            if (table.key(s) != 0) {
                cursor.slot = s;
                c.accept(cursor);
            }
        }
    }

    public int openCount() {
        return table.size();
    }

    /** Requests of {@code dev} posted and not yet done (the mailbox queue depth). */
    public int queueDepth(int dev) {
        return depth[dev & 0xff];
    }

    public long finalizedCount() {
        return finalized;
    }

    /** Requests finalized by the horizon: done on the AP, Linux side incomplete. */
    public long doneWithoutLinuxCount() {
        return doneWithoutLinux;
    }

    /** Open requests dropped at a session change. */
    public long abandonedCount() {
        return abandoned;
    }

    /**
     * Negative phases within the clock-sync uncertainty of their ends' mappings (consistent
     * with the clocks: the requests are flagged, no finding), and the most negative (ns, ≤ 0).
     */
    public long negativeWithinClockCount() {
        return negativeWithinClock;
    }

    public long mostNegativeWithinClockNs() {
        return mostNegativeWithinClockNs;
    }

    /**
     * Negative phases beyond the clock-sync uncertainty (the clocks are inconsistent: a
     * finding), and the most negative one (ns, ≤ 0).
     */
    public long negativeIntervalCount() {
        return negativeIntervals;
    }

    public long mostNegativeNs() {
        return mostNegativeNs;
    }

    /** The latest REQ_POST time among requests Linux has dispatched, or ABSENT. */
    public long lastDispatchedPostNs() {
        return lastDispatchedPostNs;
    }

    public long idReuseCount() {
        return idReuses;
    }

    /** Request-path events that carried request id 0. */
    public long ignoredNoReqCount() {
        return ignoredNoReq;
    }

    /** The flyweight handed to listeners. */
    private final class Cursor implements RequestView {
        int slot;
        /** True while b[] holds the boundaries of the current slot's (frozen) request. */
        boolean frozen;
        private final long[] b = new long[Phase.COUNT + 1];
        /** The phases of the frozen request, as {@link #checkNegative} computed them from b[]. */
        private final long[] phases = new long[Phase.COUNT];

        private void load() {
            if (frozen) {
                return;
            }
            PhaseMath.boundaries(table.times, slot * NP, table.flags[slot], b);
        }

        boolean checkNegative() {
            frozen = false;
            load();
            frozen = true;
            // the six phases written out (not a loop over b[]): once per request, and the
            // usual request has no negative phase, so the loop below is the rare path
            long[] bb = b;
            long p0 = PhaseMath.phase(bb, 0);
            long p1 = PhaseMath.phase(bb, 1);
            long p2 = PhaseMath.phase(bb, 2);
            long p3 = PhaseMath.phase(bb, 3);
            long p4 = PhaseMath.phase(bb, 4);
            long p5 = PhaseMath.phase(bb, 5);
            long[] ph = phases;
            ph[0] = p0;
            ph[1] = p1;
            ph[2] = p2;
            ph[3] = p3;
            ph[4] = p4;
            ph[5] = p5;
            // ABSENT is the most negative long: v - 1 < -1 only for a negative v other than ABSENT
            long m = Math.min(Math.min(Math.min(p0 - 1, p1 - 1), Math.min(p2 - 1, p3 - 1)), Math.min(p4 - 1, p5 - 1));
            if (m >= -1) {
                return false;
            }
            return countNegative(ph);
        }

        /** Counts the negative phases of the frozen request (within the clocks' uncertainty or not). */
        private boolean countNegative(long[] ph) {
            boolean neg = false;
            int linux = -1;
            for (int i = 0; i < Phase.COUNT; i++) {
                long v = ph[i];
                if (v != A && v < 0) {
                    neg = true;
                    if (linux < 0) {
                        linux = PhaseMath.linuxBoundaries(table.times, slot * NP, table.flags[slot]);
                    }
                    long u = Math.max(0, table.unc[slot]);
                    long tolerance = u * ((linux >>> i & 1) + (linux >>> (i + 1) & 1));
                    if (-v <= tolerance) {
                        negativeWithinClock++;
                        mostNegativeWithinClockNs = Math.min(mostNegativeWithinClockNs, v);
                    } else {
                        negativeIntervals++;
                        mostNegativeNs = Math.min(mostNegativeNs, v);
                    }
                }
            }
            return neg;
        }

        @Override
        public long id() {
            return table.key(slot) & 0xffffffffL;
        }

        @Override
        public int device() {
            return table.dev[slot];
        }

        @Override
        public int op() {
            return table.op[slot];
        }

        @Override
        public long length() {
            return table.len[slot];
        }

        @Override
        public long offset() {
            return table.off[slot];
        }

        @Override
        public long status() {
            return table.status[slot];
        }

        @Override
        public int flags() {
            return table.flags[slot];
        }

        @Override
        public int linuxSource() {
            return table.linuxSource[slot];
        }

        @Override
        public long listedNs() {
            return table.listed[slot];
        }

        @Override
        public long pointNs(Point p) {
            return table.times[slot * NP + p.ordinal()];
        }

        @Override
        public long phaseNs(Phase p) {
            load();
            return PhaseMath.phase(b, p.ordinal());
        }

        @Override
        public void phasesNs(long[] out, int off) {
            if (frozen) {
                System.arraycopy(phases, 0, out, off, Phase.COUNT); // the same values as below
                return;
            }
            load();
            long[] bb = b;
            for (int i = 0; i < Phase.COUNT; i++) {
                long lo = bb[i];
                long hi = bb[i + 1];
                out[off + i] = lo == A || hi == A ? A : hi - lo;
            }
        }

        @Override
        public long phaseStartNs(Phase p) {
            load();
            return b[p.ordinal()];
        }

        @Override
        public long totalNs() {
            long post = table.times[slot * NP];
            long done = table.times[slot * NP + Point.DONE.ordinal()];
            return post == A || done == A ? A : done - post;
        }

        @Override
        public Request toRequest() {
            long[] p = new long[NP];
            System.arraycopy(table.times, slot * NP, p, 0, NP);
            return new Request(id(), device(), op(), length(), offset(), status(), flags(), linuxSource(), p);
        }
    }
}
