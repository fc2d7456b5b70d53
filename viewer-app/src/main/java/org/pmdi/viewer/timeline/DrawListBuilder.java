package org.pmdi.viewer.timeline;

import java.util.ArrayList;
import java.util.List;
import org.pmdi.trace.EventType;

/**
 * Builds the draw list of one timeline frame: only what is visible, at most about one item
 * per pixel column and row.
 *
 * <ul>
 *   <li>Zoomed out (the decoded window does not cover the view): one bar per pixel column
 *       from the file's per-bucket summaries; per device, bar height from the number of
 *       completed requests and colour from their maximum latency; the trace rings' event
 *       density; red marks where events were lost.</li>
 *   <li>Zoomed in: each request's phases in its device lane, the Linux CPU that ran it and the
 *       AP lane; doorbell and completion arrows across the OS boundary when few enough
 *       requests are visible; interrupts and health events as ticks. Parts narrower than a
 *       pixel are merged into one cell per pixel column and row.</li>
 * </ul>
 *
 * <pre>{@code
 * DrawList d = new DrawListBuilder().build(viewport, data);
 * }</pre>
 *
 * Pure: no JavaFX, no I/O; safe on any thread.
 */
public final class DrawListBuilder {
    /** Arrows are drawn only when at most this many requests are visible. */
    public static final int MAX_ARROWS = 1500;
    private static final int TICK_ARGB = 0xFF555555;
    private static final int HEARTBEAT_ARGB = 0xFFB0B0B0;
    private static final int ALARM_ARGB = 0xFFD00000;
    private static final int DENSITY_ARGB = 0xFF8A8F98;
    private static final int SELECT_ARGB = 0xFF000000;
    private static final int[] FROM = {RequestSpans.POST, RequestSpans.DISPATCH, RequestSpans.DRV_BEGIN,
        RequestSpans.DRV_END, RequestSpans.REPLY_POST, RequestSpans.REPLY_TAKE};
    private static final int[] TO = {RequestSpans.DISPATCH, RequestSpans.DRV_BEGIN, RequestSpans.DRV_END,
        RequestSpans.REPLY_POST, RequestSpans.REPLY_TAKE, RequestSpans.DONE};
    private static final VisualPhase[] PHASES = VisualPhase.values();

    /** Above this many requests per pixel column the file's summaries say more than single requests. */
    public static final double MAX_REQUESTS_PER_PX = 2;

    public DrawList build(Viewport v, TimelineData data) {
        DrawList d = new DrawList();
        boolean detailed = data.spans() != null && (data.index() == null
                || data.windowCovers(v.startNs(), v.endNs()));
        if (detailed && data.index() != null
                && data.spans().countStartingIn(v.startNs(), v.endNs()) > MAX_REQUESTS_PER_PX * v.widthPx()) {
            // too dense to tell requests apart: summaries, plus the outstanding requests on top
            d.summary(true);
            summary(v, data.layout(), data.index(), d);
            outstanding(v, data, d);
            d.truncated(data.truncated());
        } else if (detailed) {
            detailed(v, data, d);
            d.truncated(data.truncated());
        } else if (data.index() != null) {
            d.summary(true);
            summary(v, data.layout(), data.index(), d);
        }
        return d;
    }

    // ---- zoomed out --------------------------------------------------------------------

    private static void summary(Viewport v, LaneLayout lay, BucketArrays ix, DrawList d) {
        int w = (int) Math.ceil(v.widthPx());
        int nb = ix.bucketCount();
        if (nb == 0) {
            return;
        }
        int nd = ix.deviceCount();
        long[] events = new long[w];
        long[] lost = new long[w];
        long[][] reqs = new long[nd][w];
        long[][] max = new long[nd][w];
        long bucketNs = ix.bucketNs();
        if (v.endNs() < 0 || v.startNs() >= (long) nb * bucketNs) {
            return;
        }
        int bStart = ix.bucketAt(v.startNs());
        int bEnd = ix.bucketAt(v.endNs());
        double pxPerBucket = bucketNs / v.nsPerPx();
        for (int b = bStart; b <= bEnd; b++) {
            double bx0 = v.x(b * bucketNs);
            int p0 = (int) Math.max(0, Math.floor(bx0));
            int p1 = (int) Math.min(w - 1, Math.floor(bx0 + Math.max(pxPerBucket, 1) - 1e-9));
            long ev = ix.events(b);
            long lo = ix.lost(b);
            for (int p = p0; p <= p1; p++) {
                events[p] += ev;
                lost[p] += lo;
            }
            for (int k = 0; k < nd; k++) {
                long r = ix.requests(k, b);
                if (r == 0) {
                    continue;
                }
                long m = ix.maxNs(k, b);
                long[] rk = reqs[k];
                long[] mk = max[k];
                for (int p = p0; p <= p1; p++) {
                    rk[p] += r;
                    mk[p] = Math.max(mk[p], m);
                }
            }
        }
        // the trace rings' event density, across the CPU lanes
        Lane first = null;
        Lane last = null;
        for (Lane l : lay.lanes()) {
            if (l.kind() != Lane.Kind.DEVICE) {
                first = first == null ? l : first;
                last = l;
            }
        }
        if (first != null) {
            double top = first.y() + 2;
            double hgt = last.y() + last.height() - 2 - top;
            bars(events, top, hgt, DENSITY_ARGB, null, d);
        }
        for (int k = 0; k < nd; k++) {
            Lane l = lay.deviceLane(ix.deviceId(k));
            if (l != null) {
                bars(reqs[k], l.y() + 2, l.height() - 4, 0, max[k], d);
            }
        }
        for (int p = 0; p < w; p++) {
            if (lost[p] > 0) {
                d.add(DrawList.LOSS, p, LaneLayout.RULER - 6, 1, 6, ALARM_ARGB, 0);
            }
        }
    }

    private static void bars(long[] value, double top, double height, int argb, long[] maxNs, DrawList d) {
        long peak = 0;
        for (long x : value) {
            peak = Math.max(peak, x);
        }
        if (peak == 0) {
            return;
        }
        double scale = Math.log1p(peak);
        int p = 0;
        while (p < value.length) {
            if (value[p] == 0) {
                p++;
                continue;
            }
            double hgt = Math.max(1, height * Math.log1p(value[p]) / scale);
            int color = maxNs == null ? argb : heat(maxNs[p]);
            // merge equal neighbouring columns into one rectangle
            int q = p + 1;
            while (q < value.length && value[q] == value[p] && (maxNs == null || heat(maxNs[q]) == color)) {
                q++;
            }
            d.add(DrawList.DENSITY, p, top + height - hgt, q - p, hgt, color, 0);
            p = q;
        }
    }

    /** Colour of a maximum latency: blue at 10 µs or less, red at 10 ms or more (log scale, 9 steps). */
    public static int heat(long ns) {
        double f = (Math.log10(Math.max(10_000, ns)) - 4) / 3;
        f = Math.max(0, Math.min(1, f));
        return HEAT[(int) Math.round(f * 8)];
    }

    private static final int[] HEAT = new int[9];

    static {
        for (int q = 0; q <= 8; q++) {
            HEAT[q] = hsb(220 * (1 - q / 8.0), 0.75, 0.9);
        }
    }

    private static int hsb(double hue, double sat, double bri) {
        java.awt.Color c = java.awt.Color.getHSBColor((float) (hue / 360), (float) sat, (float) bri);
        return 0xFF000000 | (c.getRGB() & 0xFFFFFF);
    }

    private static void outstanding(Viewport v, TimelineData data, DrawList d) {
        RequestSpans spans = data.spans();
        int w = (int) Math.ceil(v.widthPx());
        for (RequestSpans.Span s : spans.open()) {
            Lane l = s.dev() >= 0 ? data.layout().deviceLane(s.dev()) : null;
            if (l == null || s.start() > v.endNs() || spans.endNs() < v.startNs()) {
                continue;
            }
            double x0 = Math.max(0, v.x(s.start()));
            double x1 = Math.min(w, v.x(Math.max(s.start() + 1, spans.endNs())));
            d.add(DrawList.RECT, x0, l.rowY(s.row()), Math.max(2, x1 - x0), l.rowHeight() - 1,
                    VisualPhase.OUTSTANDING.argb(), s.req());
            if (s.req() == data.selectedReq()) {
                d.add(DrawList.OUTLINE, x0 - 1, l.rowY(s.row()) - 1, Math.max(4, x1 - x0 + 2), l.rowHeight() + 1,
                        SELECT_ARGB, s.req());
            }
        }
    }

    // ---- zoomed in ---------------------------------------------------------------------

    private static void detailed(Viewport v, TimelineData data, DrawList d) {
        LaneLayout lay = data.layout();
        RequestSpans spans = data.spans();
        int w = (int) Math.ceil(v.widthPx());
        int rows = Math.max(1, lay.rowCount());
        int[] cell = new int[rows * w];
        long[] cellReq = new long[rows * w];
        long vs = v.startNs();
        long ve = v.endNs();
        long endKnown = Math.max(spans.endNs(), data.windowToNs() == Long.MAX_VALUE ? spans.endNs()
                : Math.min(data.windowToNs(), spans.endNs()));
        List<RequestSpans.Span> visible = new ArrayList<>();
        List<RequestSpans.Span> all = spans.spans();
        for (int i = spans.firstVisible(vs); i < all.size(); i++) {
            RequestSpans.Span s = all.get(i);
            if (s.start() > ve) {
                break;
            }
            if (s.done() && s.at(RequestSpans.DONE) >= vs) {
                visible.add(s);
            }
        }
        for (RequestSpans.Span s : spans.open()) {
            if (s.start() <= ve && endKnown >= vs) {
                visible.add(s);
            }
        }
        RequestSpans.Span selected = null;
        for (RequestSpans.Span s : visible) {
            if (s.req() == data.selectedReq()) {
                selected = s;
            }
            Lane dev = s.dev() >= 0 ? lay.deviceLane(s.dev()) : null;
            Lane cpu = s.linuxSource() >= 0 ? lay.sourceLane(s.linuxSource()) : null;
            Lane ap = s.apSource() >= 0 ? lay.sourceLane(s.apSource()) : null;
            for (int k = 0; k < FROM.length; k++) {
                long a = s.at(FROM[k]);
                long b = s.at(TO[k]);
                if (a == RequestSpans.ABSENT || b == RequestSpans.ABSENT) {
                    continue;
                }
                VisualPhase ph = PHASES[k];
                if (dev != null) {
                    seg(v, dev, s.row(), a, b, ph, s.req(), w, cell, cellReq, d);
                }
                if (cpu != null && k >= 1 && k <= 3) {
                    seg(v, cpu, s.row() % cpu.rows(), a, b, ph, s.req(), w, cell, cellReq, d);
                }
                if (ap != null && k == 5) {
                    seg(v, ap, 0, a, b, ph, s.req(), w, cell, cellReq, d);
                }
            }
            if (!s.done()) {
                long a = s.lastSeen();
                if (dev != null) {
                    seg(v, dev, s.row(), a, Math.max(a + 1, endKnown), VisualPhase.OUTSTANDING, s.req(), w, cell,
                            cellReq, d);
                }
            }
            if (ap != null && s.at(RequestSpans.POST) != RequestSpans.ABSENT) {
                double x = v.x(s.at(RequestSpans.POST));
                if (x >= 0 && x <= w) {
                    seg(v, ap, 1, s.at(RequestSpans.POST), s.at(RequestSpans.POST), VisualPhase.QUEUED, s.req(), w,
                            cell, cellReq, d);
                }
            }
        }
        flushCells(lay, w, cell, cellReq, d);
        ticks(v, lay, spans, w, d);
        if (visible.size() <= MAX_ARROWS) {
            for (RequestSpans.Span s : visible) {
                arrows(v, lay, s, d);
            }
        }
        if (selected != null && selected.dev() >= 0 && lay.deviceLane(selected.dev()) != null) {
            Lane l = lay.deviceLane(selected.dev());
            long a = selected.start();
            long b = selected.done() ? selected.at(RequestSpans.DONE) : Math.max(a + 1, endKnown);
            double x0 = Math.max(-2, v.x(a));
            double x1 = Math.min(w + 2, v.x(b));
            d.add(DrawList.OUTLINE, x0 - 1, l.rowY(selected.row()) - 1, Math.max(3, x1 - x0 + 2),
                    l.rowHeight() + 2, SELECT_ARGB, selected.req());
        }
    }

    private static int priority(int argb) {
        if (argb == VisualPhase.OUTSTANDING.argb()) {
            return 3;
        }
        return argb == VisualPhase.DRIVER.argb() ? 2 : argb == 0 ? 0 : 1;
    }

    private static void seg(Viewport v, Lane lane, int row, long a, long b, VisualPhase ph, long req, int w,
            int[] cell, long[] cellReq, DrawList d) {
        double x0 = v.x(a);
        double x1 = v.x(b);
        if (x1 < 0 || x0 > w) {
            return;
        }
        x0 = Math.max(0, x0);
        x1 = Math.min(w, x1);
        if (x1 - x0 >= 1) {
            d.add(DrawList.RECT, x0, lane.rowY(row), x1 - x0, lane.rowHeight() - 1, ph.argb(), req);
            return;
        }
        int px = Math.min(w - 1, (int) x0);
        int i = (lane.firstRow() + row) * w + px;
        if (priority(ph.argb()) >= priority(cell[i])) {
            cell[i] = ph.argb();
            cellReq[i] = req;
        }
    }

    private static void flushCells(LaneLayout lay, int w, int[] cell, long[] cellReq, DrawList d) {
        for (Lane l : lay.lanes()) {
            for (int r = 0; r < l.rows(); r++) {
                int base = (l.firstRow() + r) * w;
                int p = 0;
                while (p < w) {
                    int c = cell[base + p];
                    if (c == 0) {
                        p++;
                        continue;
                    }
                    int q = p + 1;
                    while (q < w && cell[base + q] == c) {
                        q++;
                    }
                    d.add(DrawList.RECT, p, l.rowY(r), q - p, l.rowHeight() - 1, c, cellReq[base + p]);
                    p = q;
                }
            }
        }
    }

    private static void ticks(Viewport v, LaneLayout lay, RequestSpans spans, int w, DrawList d) {
        List<Lane> ls = lay.lanes();
        int[] laneIndex = new int[256];
        java.util.Arrays.fill(laneIndex, -1);
        for (int k = 0; k < ls.size(); k++) {
            if (ls.get(k).kind() != Lane.Kind.DEVICE) {
                laneIndex[ls.get(k).id()] = k;
            }
        }
        byte[] seen = new byte[Math.max(1, ls.size()) * w];
        int hb = EventType.HEARTBEAT.id();
        int lost = EventType.LOST.id();
        int ipi = EventType.IPI_RECV.id();
        for (int i = spans.firstTick(v.startNs()); i < spans.tickCount(); i++) {
            long ns = spans.tickNs(i);
            if (ns >= v.endNs()) {
                break;
            }
            double x = v.x(ns);
            if (x < 0 || x >= w) {
                continue;
            }
            int li = laneIndex[spans.tickSource(i)];
            if (li < 0) {
                continue;
            }
            Lane l = ls.get(li);
            int t = spans.tickType(i);
            int k = li * w + (int) x;
            boolean alarm = t != hb && t != ipi;
            if (seen[k] != 0 && !alarm) {
                continue;
            }
            seen[k] = 1;
            if (alarm) {
                d.add(t == lost ? DrawList.LOSS : DrawList.TICK, (int) x, l.y() + 1, 2, l.height() - 2, ALARM_ARGB,
                        0);
            } else {
                boolean beat = t == hb;
                d.add(DrawList.TICK, (int) x, beat ? l.y() + l.height() - 6 : l.y() + 2, 1, beat ? 4 : 8,
                        beat ? HEARTBEAT_ARGB : TICK_ARGB, 0);
            }
        }
    }

    private static void arrows(Viewport v, LaneLayout lay, RequestSpans.Span s, DrawList d) {
        Lane ap = s.apSource() >= 0 ? lay.sourceLane(s.apSource()) : null;
        Lane cpu = s.linuxSource() >= 0 ? lay.sourceLane(s.linuxSource()) : null;
        if (ap == null || cpu == null) {
            return;
        }
        long db = s.at(RequestSpans.DOORBELL);
        long disp = s.at(RequestSpans.DISPATCH);
        if (db != RequestSpans.ABSENT && disp != RequestSpans.ABSENT && !s.doorbellSuppressed()) {
            d.add(DrawList.ARROW, v.x(db), ap.y() + ap.height() - 3, v.x(disp), cpu.y() + 3,
                    VisualPhase.QUEUED.argb(), s.req());
        }
        long rp = s.at(RequestSpans.REPLY_DOORBELL) != RequestSpans.ABSENT ? s.at(RequestSpans.REPLY_DOORBELL)
                : s.at(RequestSpans.REPLY_POST);
        long take = s.at(RequestSpans.REPLY_TAKE);
        if (rp != RequestSpans.ABSENT && take != RequestSpans.ABSENT && !s.replyDoorbellSuppressed()) {
            d.add(DrawList.ARROW, v.x(rp), cpu.y() + 3, v.x(take), ap.y() + ap.height() - 3,
                    VisualPhase.COMPLETION.argb(), s.req());
        }
    }

}
