package org.pmdi.viewer.timeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.pmdi.analysis.request.Phase;
import org.pmdi.analysis.request.Point;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.request.RequestTracker;
import org.pmdi.analysis.request.RequestView;
import org.pmdi.trace.EventType;
import org.pmdi.trace.RefusalReason;
import org.pmdi.viewer.data.EventColumns;

/**
 * The requests of a decoded window as trace-analysis's {@link RequestTracker} assembles them
 * (the same points, phases and flags as the report and the exports), laid out for drawing: a
 * sub-row in its device lane so that overlapping requests do not hide each other, and the few
 * things drawing needs that the model does not keep (the AP lane, the bytes moved, the
 * refusal reason).
 *
 * <pre>{@code
 * WindowRequests w = WindowRequests.of(window.events(), LaneLayout.DEVICE_ROWS);
 * for (WindowRequests.Span s : w.spans()) draw(s.phaseStart(Phase.DRIVER), s.phaseEnd(Phase.DRIVER));
 * }</pre>
 *
 * Requests cut by the window's edges are partial (flagged missing_events by the tracker).
 * Immutable.
 */
public final class WindowRequests {
    /** Time of a point that was not seen. */
    public static final long ABSENT = Request.ABSENT;
    private static final int REQ_POST = EventType.REQ_POST.id();
    private static final int REQ_REFUSED = EventType.REQ_REFUSED.id();
    private static final int DRV_END = EventType.DRV_END.id();
    private static final boolean[] TICK_TYPES = new boolean[128];
    private static final Point[] POINTS = Point.values();
    private static final RefusalReason[] REASONS = RefusalReason.values();
    private static final int LINUX_IPI = Point.LINUX_IPI.ordinal();
    private static final int AP_IPI = Point.AP_IPI.ordinal();
    private static final Phase[] PHASES = Phase.values();

    static {
        for (EventType t : new EventType[] {EventType.IPI_RECV, EventType.HEARTBEAT, EventType.LOST,
            EventType.UNEXPECTED_IRQ, EventType.AP_FAULT, EventType.RING_OVERFLOW, EventType.NET_DROP,
            EventType.NET_LINK}) {
            TICK_TYPES[t.id()] = true;
        }
    }

    private final List<Span> spans;
    private final long[] starts;
    private final List<Span> open;
    private final long maxDoneNs;
    private final IdSlots byReq;
    private final long endNs;
    private final long[] tickNs;
    private final int[] tickSrcType;

    private WindowRequests(List<Span> spans, long endNs, long[] tickNs, int[] tickSrcType) {
        this.spans = List.copyOf(spans);
        this.endNs = endNs;
        this.tickNs = tickNs;
        this.tickSrcType = tickSrcType;
        starts = new long[spans.size()];
        byReq = new IdSlots(spans.size());
        List<Span> o = new ArrayList<>();
        long maxDone = 0;
        for (int i = 0; i < spans.size(); i++) {
            Span s = spans.get(i);
            starts[i] = s.start();
            byReq.put(s.req(), i); // a reused id: the later request
            if (s.done()) {
                maxDone = Math.max(maxDone, s.end() - s.start());
            } else {
                o.add(s);
            }
        }
        this.open = List.copyOf(o);
        this.maxDoneNs = maxDone;
    }

    /**
     * One request as the model assembled it from the window, placed for drawing. Its values
     * are the tracker's, copied flat (a window holds up to a few hundred thousand of them);
     * {@link #request()} makes the model's immutable {@link Request} of them on demand.
     */
    public static final class Span {
        /** Index of the first phase boundary in {@link #t}, after the points. */
        private static final int B = Point.COUNT;
        private final long id;
        private final int dev;
        private final int op;
        private final long length;
        private final long offset;
        private final long status;
        private final int flags;
        private final int linuxSource;
        /** The points ({@link Point} order), then the 7 phase boundaries. */
        private final long[] t;
        private final long start;
        private final long lastSeen;
        private final int apSource;
        private final long bytes;
        private final RefusalReason refusal;
        private int row;

        Span(RequestView v, int apSource, long bytes, RefusalReason refusal) {
            id = v.id();
            dev = v.device();
            op = v.op();
            length = v.length();
            offset = v.offset();
            status = v.status();
            flags = v.flags();
            linuxSource = v.linuxSource();
            t = new long[B + Phase.COUNT + 1];
            for (int p = 0; p < Point.COUNT; p++) {
                t[p] = v.pointNs(POINTS[p]);
            }
            for (int p = 0; p < Phase.COUNT; p++) {
                t[B + p] = v.phaseStartNs(PHASES[p]);
            }
            t[B + Phase.COUNT] = t[Point.DONE.ordinal()];
            this.apSource = apSource;
            this.bytes = bytes;
            this.refusal = refusal;
            long first = ABSENT;
            long last = ABSENT;
            for (int p = 0; p < Point.COUNT; p++) {
                long x = t[p];
                if (x == ABSENT) {
                    continue;
                }
                // an IPI is the ring's latest, perhaps older than the request: not its start
                if (p != LINUX_IPI && p != AP_IPI && (first == ABSENT || x < first)) {
                    first = x;
                }
                last = last == ABSENT ? x : Math.max(last, x);
            }
            this.start = first == ABSENT ? last : first;
            this.lastSeen = last;
        }

        /** The analysis's request (points, status, flags): a new immutable copy. */
        public Request request() {
            return new Request(id, dev, op, length, offset, status, flags, linuxSource, Arrays.copyOf(t, B));
        }

        public long req() {
            return id;
        }

        /** Device id, or -1 when neither REQ_POST nor DRV_BEGIN was in the window. */
        public int dev() {
            return dev;
        }

        /** Op code from REQ_POST, or -1. */
        public int op() {
            return op;
        }

        /** Bytes the driver reported moving (DRV_END), or -1 when not seen. */
        public long bytes() {
            return bytes;
        }

        /** The Linux trace ring that dispatched it, or -1. */
        public int linuxSource() {
            return linuxSource;
        }

        /** The AP trace ring that posted it, or -1. */
        public int apSource() {
            return apSource;
        }

        /** Final status (0 or −errno) as the model tells it. */
        public long status() {
            return status;
        }

        /** True when the request ended (or is ending) with an error status. */
        public boolean failed() {
            return status != 0;
        }

        /** Why Linux refused it (a REQ_REFUSED record), or null. */
        public RefusalReason refusal() {
            return refusal;
        }

        public int flags() {
            return flags;
        }

        /** Time of point {@code p}, or {@link #ABSENT}. */
        public long at(Point p) {
            return t[p.ordinal()];
        }

        /** Lower boundary of phase {@code p} (the model's rule), or {@link #ABSENT}. */
        public long phaseStart(Phase p) {
            return t[B + p.ordinal()];
        }

        /** Upper boundary of phase {@code p}, or {@link #ABSENT}. */
        public long phaseEnd(Phase p) {
            return t[B + p.ordinal() + 1];
        }

        /** Duration of {@code p} (may be negative: the model flags, never clamps), or {@link #ABSENT}. */
        public long phaseNs(Phase p) {
            long a = phaseStart(p);
            long b = phaseEnd(p);
            return a == ABSENT || b == ABSENT ? ABSENT : b - a;
        }

        /** Sub-row in the device lane. */
        public int row() {
            return row;
        }

        /** First known time (the doorbell interrupts aside). */
        public long start() {
            return start;
        }

        /** Last known time. */
        public long lastSeen() {
            return lastSeen;
        }

        /** REQ_DONE, or {@link #ABSENT}. */
        public long end() {
            return t[Point.DONE.ordinal()];
        }

        public boolean done() {
            return t[Point.DONE.ordinal()] != ABSENT;
        }
    }

    /** Assembles the requests of {@code ev}; {@code rows} sub-rows per device lane. */
    public static WindowRequests of(EventColumns ev, int rows) {
        Assembly a = new Assembly(ev.size());
        for (int i = 0; i < ev.size(); i++) {
            a.event(ev, i);
        }
        List<Span> order = a.finish();
        order.sort(Comparator.comparingLong(Span::start));
        assignRows(order, rows);
        return new WindowRequests(order, a.end == Long.MIN_VALUE ? 0 : a.end, a.tickNs(ev), a.tickSrcType(ev));
    }

    /** Feeds the tracker and keeps what drawing needs beside it. */
    private static final class Assembly {
        private final RequestTracker tracker;
        private final long[] args = new long[EventType.MAX_ARGS];
        private final IdSlots extra;
        private int[] apSource = new int[256];
        private long[] bytes = new long[256];
        private byte[] refusal = new byte[256];
        private int slots;
        /** Side slots of finalized requests, to reuse. */
        private int[] free = new int[64];
        private int freeCount;
        /** The request last handed over: its id and REQ_POST time. */
        private long lastId;
        private long lastPostNs = ABSENT;
        private final List<Span> out = new ArrayList<>();
        private long end = Long.MIN_VALUE;
        private int nt;
        private long tickBase;
        private long[] tickKeys = new long[64];

        Assembly(int events) {
            // it holds the open requests only (in flight at once: the queue depths); it grows if needed
            tracker = RequestTracker.create(256);
            extra = new IdSlots(256); // the open requests' (entries leave when the tracker hands a request over)
            tracker.addListener(this::add);
        }

        void event(EventColumns ev, int i) {
            long ns = ev.ns(i);
            end = Math.max(end, ns);
            int type = ev.type(i);
            long r = ev.req(i);
            if (r == 0 && TICK_TYPES[type & 127]) {
                tick(ev, i);
            }
            if (type == REQ_POST) {
                int s = extra.get(r);
                if (s >= 0 && apSource[s] < 0) {
                    apSource[s] = ev.source(i); // its Linux events came first: it may complete now
                }
                feed(ev, i, type, ns, r);
                // an older request with this id was handed over (its slot freed), or this one was
                if (lastId == r && lastPostNs == ns) {
                    return; // complete on its REQ_POST: already handed over
                }
                s = extra.get(r);
                if (s < 0) {
                    s = newSlot();
                    extra.put(r, s);
                }
                apSource[s] = ev.source(i);
                return;
            }
            if (r != 0 && (type == DRV_END || type == REQ_REFUSED)) {
                int s = extra.get(r);
                if (s < 0) {
                    s = newSlot();
                    extra.put(r, s);
                }
                if (type == DRV_END) {
                    bytes[s] = ev.arg1(i);
                } else {
                    refusal[s] = (byte) (RefusalReason.of(ev.arg0(i)).ordinal() + 1);
                }
            }
            feed(ev, i, type, ns, r);
        }

        private void feed(EventColumns ev, int i, int type, long ns, long r) {
            // the window keeps two arguments: REQ_POST's length and offset read as unknown
            args[0] = ev.arg0(i);
            args[1] = ev.arg1(i);
            args[2] = 0;
            args[3] = -1;
            args[4] = -1;
            tracker.onEvent(ev.source(i), type, ns, r, args);
        }

        private int newSlot() {
            int s;
            if (freeCount > 0) {
                s = free[--freeCount];
            } else {
                if (slots == apSource.length) {
                    int n = slots * 2;
                    apSource = Arrays.copyOf(apSource, n);
                    bytes = Arrays.copyOf(bytes, n);
                    refusal = Arrays.copyOf(refusal, n);
                }
                s = slots++;
            }
            apSource[s] = -1;
            bytes[s] = -1;
            refusal[s] = 0;
            return s;
        }

        private void add(RequestView v) {
            int s = extra.get(v.id());
            out.add(new Span(v, s < 0 ? -1 : apSource[s], s < 0 ? -1 : bytes[s],
                    s < 0 || refusal[s] == 0 ? null : REASONS[refusal[s] - 1]));
            lastId = v.id();
            lastPostNs = v.pointNs(Point.POST);
            if (s >= 0) {
                extra.remove(v.id());
                if (freeCount == free.length) {
                    free = Arrays.copyOf(free, freeCount * 2);
                }
                free[freeCount++] = s;
            }
        }

        List<Span> finish() {
            tracker.finish(); // the requests the AP saw complete
            tracker.forEachOpen(this::add); // the others stay outstanding
            return out;
        }

        private void tick(EventColumns ev, int i) {
            if (nt == 0) {
                tickBase = ev.minNs();
            }
            if (i >= 1 << 23) {
                return;
            }
            if (nt == tickKeys.length) {
                tickKeys = Arrays.copyOf(tickKeys, nt * 2);
            }
            tickKeys[nt++] = (ev.ns(i) - tickBase) << 23 | i;
        }

        long[] tickNs(EventColumns ev) {
            Arrays.sort(tickKeys, 0, nt);
            long[] t = new long[nt];
            for (int j = 0; j < nt; j++) {
                t[j] = ev.ns((int) (tickKeys[j] & ((1 << 23) - 1)));
            }
            return t;
        }

        int[] tickSrcType(EventColumns ev) {
            int[] t = new int[nt];
            for (int j = 0; j < nt; j++) {
                int i = (int) (tickKeys[j] & ((1 << 23) - 1));
                // NET_DROP and NET_LINK: their NIC (arg0) and whether the link is up (arg1)
                t[j] = (ev.arg1(i) != 0 ? 1 << 24 : 0) | (int) (ev.arg0(i) & 0xff) << 16 | ev.source(i) << 8
                        | ev.type(i);
            }
            return t;
        }
    }

    /** Request id → int, open addressing (id 0 is "empty": it names no request). */
    private static final class IdSlots {
        private long[] keys;
        private int[] vals;
        private int size;

        IdSlots(int expected) {
            int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
            keys = new long[cap];
            vals = new int[cap];
        }

        private static int mix(long k) {
            long h = k * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }

        int get(long k) {
            int m = keys.length - 1;
            for (int i = mix(k) & m; ; i = (i + 1) & m) {
                if (keys[i] == 0) {
                    return -1;
                }
                if (keys[i] == k) {
                    return vals[i];
                }
            }
        }

        /** Removes {@code k} if present, shifting later entries of its cluster back (no tombstones). */
        void remove(long k) {
            int m = keys.length - 1;
            int i = mix(k) & m;
            while (keys[i] != k) {
                if (keys[i] == 0) {
                    return;
                }
                i = (i + 1) & m;
            }
            int hole = i;
            for (int j = (i + 1) & m; keys[j] != 0; j = (j + 1) & m) {
                int home = mix(keys[j]) & m;
                // the entry at j may fill the hole when its home is not within (hole, j]
                boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
                if (movable) {
                    keys[hole] = keys[j];
                    vals[hole] = vals[j];
                    hole = j;
                }
            }
            keys[hole] = 0;
            size--;
        }

        void put(long k, int v) {
            if (size * 2 >= keys.length) {
                long[] ok = keys;
                int[] ov = vals;
                keys = new long[ok.length * 2];
                vals = new int[ok.length * 2];
                size = 0;
                for (int i = 0; i < ok.length; i++) {
                    if (ok[i] != 0) {
                        put(ok[i], ov[i]);
                    }
                }
            }
            int m = keys.length - 1;
            for (int i = mix(k) & m; ; i = (i + 1) & m) {
                if (keys[i] == 0) {
                    keys[i] = k;
                    vals[i] = v;
                    size++;
                    return;
                }
                if (keys[i] == k) {
                    vals[i] = v;
                    return;
                }
            }
        }
    }

    /** Greedy interval packing per device: the first row whose last request has ended. */
    private static void assignRows(List<Span> spans, int rows) {
        long[][] free = new long[257][]; // per device id, and one for the unknown device
        for (Span s : spans) {
            int d = s.dev() < 0 ? 256 : s.dev() & 0xff;
            long[] f = free[d];
            if (f == null) {
                f = new long[rows];
                free[d] = f;
            }
            long start = s.start();
            long end = s.done() ? s.end() : Long.MAX_VALUE;
            int pick = -1;
            for (int r = 0; r < rows; r++) {
                if (f[r] <= start) {
                    pick = r;
                    break;
                }
            }
            if (pick < 0) {
                pick = (int) Long.remainderUnsigned(s.req(), rows);
            }
            s.row = pick;
            f[pick] = Math.max(f[pick], end);
        }
    }

    /** Index of the first span that may be visible at or after {@code ns} (sorted by start). */
    public int firstVisible(long ns) {
        return lowerBound(ns - maxDoneNs);
    }

    /** Number of requests whose first event is in {@code [from, to)}. */
    public int countStartingIn(long from, long to) {
        return lowerBound(to) - lowerBound(from);
    }

    private int lowerBound(long ns) {
        int lo = 0;
        int hi = starts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < ns) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Every request, sorted by start. */
    public List<Span> spans() {
        return spans;
    }

    /** Requests not done (drawn up to the end of what is known, wherever they started). */
    public List<Span> open() {
        return open;
    }

    /** The request with id {@code req} (the latest, if the id was reused), or null. */
    public Span get(long req) {
        int i = req == 0 ? -1 : byReq.get(req);
        return i < 0 ? null : spans.get(i);
    }

    /** Latest event time in the window (where outstanding requests are drawn up to). */
    public long endNs() {
        return endNs;
    }

    /**
     * Instant events without a request (interrupts, heartbeats, losses, faults, a NIC's drops
     * and link changes), sorted by time.
     */
    public int tickCount() {
        return tickNs.length;
    }

    public long tickNs(int i) {
        return tickNs[i];
    }

    public int tickSource(int i) {
        return tickSrcType[i] >>> 8 & 0xff;
    }

    public int tickType(int i) {
        return tickSrcType[i] & 0xff;
    }

    /** The low byte of the tick's first argument: a NET_DROP's or NET_LINK's NIC. */
    public int tickDevice(int i) {
        return tickSrcType[i] >>> 16 & 0xff;
    }

    /** True when the tick's second argument is non-zero: a NET_LINK that says the link is up. */
    public boolean tickUp(int i) {
        return (tickSrcType[i] >>> 24 & 1) != 0;
    }

    /** First tick at or after {@code ns}. */
    public int firstTick(long ns) {
        int lo = 0;
        int hi = tickNs.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tickNs[mid] < ns) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
