package org.pmdi.viewer.timeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pmdi.trace.EventType;
import org.pmdi.viewer.data.EventColumns;

/**
 * The requests visible in a decoded window, stitched by request id for drawing: the time of
 * each traced point, the device, the Linux CPU that handled it, and a sub-row in its device
 * lane so that overlapping requests do not hide each other.
 *
 * <pre>{@code
 * RequestSpans s = RequestSpans.of(window.events(), 4);
 * for (RequestSpans.Span r : s.spans()) draw(r.at(RequestSpans.DRV_BEGIN), r.at(RequestSpans.DRV_END));
 * }</pre>
 *
 * This is drawing, not analysis: latency statistics and findings come from trace-analysis.
 * Immutable.
 */
public final class RequestSpans {
    public static final int POST = 0;
    public static final int DOORBELL = 1;
    public static final int DISPATCH = 2;
    public static final int DRV_BEGIN = 3;
    public static final int DRV_END = 4;
    public static final int REPLY_POST = 5;
    public static final int REPLY_DOORBELL = 6;
    public static final int REPLY_TAKE = 7;
    public static final int DONE = 8;
    public static final int POINTS = 9;
    /** Time of a point that was not seen. */
    public static final long ABSENT = Long.MIN_VALUE;

    private final List<Span> spans;
    private final long[] starts;
    private final List<Span> open;
    private final long maxDoneNs;
    private final ReqIndex byReq;
    private final long endNs;
    private final long[] tickNs;
    private final int[] tickSrcType;

    private RequestSpans(List<Span> spans, ReqIndex byReq, long endNs, long[] tickNs, int[] tickSrcType) {
        this.spans = List.copyOf(spans);
        this.byReq = byReq;
        this.endNs = endNs;
        this.tickNs = tickNs;
        this.tickSrcType = tickSrcType;
        starts = new long[spans.size()];
        List<Span> o = new ArrayList<>();
        long maxDone = 0;
        for (int i = 0; i < spans.size(); i++) {
            Span s = spans.get(i);
            starts[i] = s.start();
            if (s.done()) {
                maxDone = Math.max(maxDone, s.at[DONE] - s.start());
            } else {
                o.add(s);
            }
        }
        this.open = List.copyOf(o);
        this.maxDoneNs = maxDone;
    }

    /** Long → int open-addressing index from request id to span number. */
    private static final class ReqIndex {
        private long[] keys;
        private int[] vals;
        private int size;

        ReqIndex(int expected) {
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

    /** One request as seen in the window. */
    public static final class Span {
        private final long req;
        private final long[] at = new long[POINTS];
        private int dev = -1;
        private int op = -1;
        private long len;
        private int linuxSource = -1;
        private int apSource = -1;
        private long status;
        private boolean doorbellSuppressed;
        private boolean replyDoorbellSuppressed;
        private int row;

        Span(long req) {
            this.req = req;
            Arrays.fill(at, ABSENT);
        }

        public long req() {
            return req;
        }

        /** Time of point {@code p} (POST..DONE), or {@link #ABSENT}. */
        public long at(int p) {
            return at[p];
        }

        /** Device id, or -1 when neither REQ_POST nor DRV_BEGIN was in the window. */
        public int dev() {
            return dev;
        }

        /** Op code from REQ_POST, or -1. */
        public int op() {
            return op;
        }

        public long len() {
            return len;
        }

        /** The Linux trace ring that dispatched it, or -1. */
        public int linuxSource() {
            return linuxSource;
        }

        public int apSource() {
            return apSource;
        }

        public long status() {
            return status;
        }

        public boolean doorbellSuppressed() {
            return doorbellSuppressed;
        }

        public boolean replyDoorbellSuppressed() {
            return replyDoorbellSuppressed;
        }

        /** Sub-row in the device lane. */
        public int row() {
            return row;
        }

        /** First known time. */
        public long start() {
            for (long t : at) {
                if (t != ABSENT) {
                    return t;
                }
            }
            return ABSENT;
        }

        /** Last known time. */
        public long lastSeen() {
            for (int i = POINTS - 1; i >= 0; i--) {
                if (at[i] != ABSENT) {
                    return at[i];
                }
            }
            return ABSENT;
        }

        public boolean done() {
            return at[DONE] != ABSENT;
        }
    }

    /** Stitches the request-carrying events of {@code ev}; {@code rows} sub-rows per device lane. */
    public static RequestSpans of(EventColumns ev, int rows) {
        ReqIndex m = new ReqIndex(Math.max(16, ev.size() / 8));
        List<Span> order = new ArrayList<>();
        long end = Long.MIN_VALUE;
        int nt = 0;
        long[] tickKeys = new long[64];
        long base = ev.minNs();
        for (int i = 0; i < ev.size(); i++) {
            end = Math.max(end, ev.ns(i));
            long r = ev.req(i);
            int type = ev.type(i);
            if (r == 0) {
                if (TICK_TYPES[type] && i < (1 << 23)) {
                    if (nt == tickKeys.length) {
                        tickKeys = Arrays.copyOf(tickKeys, nt * 2);
                    }
                    tickKeys[nt++] = ((ev.ns(i) - base) << 23) | i;
                }
                continue;
            }
            int p = point(type, ev.arg0(i));
            if (p < 0) {
                continue;
            }
            int k = m.get(r);
            Span s = k < 0 ? null : order.get(k);
            if (s == null || (p == POST && s.at[POST] != ABSENT)) {
                s = new Span(r);
                m.put(r, order.size());
                order.add(s);
            }
            if (s.at[p] == ABSENT) {
                s.at[p] = ev.ns(i);
            }
            if (type == EventType.REQ_POST.id()) {
                s.dev = (int) ev.arg0(i);
                s.op = (int) ev.arg1(i);
                s.apSource = ev.source(i);
            } else if (type == EventType.DRV_BEGIN.id()) {
                if (s.dev < 0) {
                    s.dev = (int) ev.arg0(i);
                }
            } else if (type == EventType.DISPATCH.id()) {
                s.linuxSource = ev.source(i);
            } else if (type == EventType.REQ_DONE.id()) {
                s.status = ev.arg0(i);
                s.apSource = ev.source(i);
            } else if (type == EventType.DRV_END.id()) {
                s.len = ev.arg1(i);
                if (s.linuxSource < 0) {
                    s.linuxSource = ev.source(i);
                }
            } else if (type == EventType.DOORBELL_SUPPRESS.id()) {
                if (p == DOORBELL) {
                    s.doorbellSuppressed = true;
                } else {
                    s.replyDoorbellSuppressed = true;
                }
            }
        }
        order.sort(Comparator.comparingLong(Span::start));
        assignRows(order, rows);
        ReqIndex byReq = new ReqIndex(order.size());
        for (int i = 0; i < order.size(); i++) {
            byReq.put(order.get(i).req, i);
        }
        Arrays.sort(tickKeys, 0, nt);
        long[] tns = new long[nt];
        int[] tst = new int[nt];
        for (int j = 0; j < nt; j++) {
            int i = (int) (tickKeys[j] & ((1 << 23) - 1));
            tns[j] = ev.ns(i);
            tst[j] = ev.source(i) << 8 | ev.type(i);
        }
        return new RequestSpans(order, byReq, end == Long.MIN_VALUE ? 0 : end, tns, tst);
    }

    private static final boolean[] TICK_TYPES = new boolean[128];

    static {
        for (EventType t : new EventType[] {EventType.IPI_RECV, EventType.HEARTBEAT, EventType.LOST,
            EventType.UNEXPECTED_IRQ, EventType.AP_FAULT, EventType.RING_OVERFLOW}) {
            TICK_TYPES[t.id()] = true;
        }
    }

    /** Index of the first span that may be visible at or after {@code ns} (sorted by start). */
    public int firstVisible(long ns) {
        long from = ns - maxDoneNs;
        int lo = 0;
        int hi = starts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] < from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
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

    /** Requests not done (drawn up to the end of what is known, wherever they started). */
    public List<Span> open() {
        return open;
    }

    /** Instant events without a request (interrupts, heartbeats, losses, faults), sorted by time. */
    public int tickCount() {
        return tickNs.length;
    }

    public long tickNs(int i) {
        return tickNs[i];
    }

    public int tickSource(int i) {
        return tickSrcType[i] >>> 8;
    }

    public int tickType(int i) {
        return tickSrcType[i] & 0xff;
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

    private static int point(int type, long arg0) {
        if (type == EventType.REQ_POST.id()) {
            return POST;
        } else if (type == EventType.DOORBELL_SEND.id() || type == EventType.DOORBELL_SUPPRESS.id()) {
            return arg0 == 0 ? DOORBELL : arg0 == 1 ? REPLY_DOORBELL : -1;
        } else if (type == EventType.DISPATCH.id()) {
            return DISPATCH;
        } else if (type == EventType.DRV_BEGIN.id()) {
            return DRV_BEGIN;
        } else if (type == EventType.DRV_END.id()) {
            return DRV_END;
        } else if (type == EventType.REPLY_POST.id()) {
            return REPLY_POST;
        } else if (type == EventType.REPLY_TAKE.id()) {
            return REPLY_TAKE;
        } else if (type == EventType.REQ_DONE.id()) {
            return DONE;
        }
        return -1;
    }

    /** Greedy interval packing per device: the first row whose last request has ended. */
    private static void assignRows(List<Span> spans, int rows) {
        Map<Integer, long[]> free = new HashMap<>();
        for (Span s : spans) {
            long[] f = free.computeIfAbsent(s.dev, d -> new long[rows]);
            long start = s.start();
            long end = s.done() ? s.at[DONE] : Long.MAX_VALUE;
            int pick = -1;
            for (int r = 0; r < rows; r++) {
                if (f[r] <= start) {
                    pick = r;
                    break;
                }
            }
            if (pick < 0) {
                pick = (int) Long.remainderUnsigned(s.req, rows);
            }
            s.row = pick;
            f[pick] = Math.max(f[pick], end);
        }
    }

    public List<Span> spans() {
        return spans;
    }

    /** The span of request {@code req}, or null. */
    public Span get(long req) {
        int i = byReq.get(req);
        return i < 0 ? null : spans.get(i);
    }

    /** Latest event time in the window (where outstanding requests are drawn up to). */
    public long endNs() {
        return endNs;
    }
}
