package org.pmdi.viewer.timeline;

import java.util.ArrayList;
import java.util.List;
import org.pmdi.analysis.request.Phase;
import org.pmdi.analysis.request.Point;
import org.pmdi.analysis.request.RequestFlags;
import org.pmdi.trace.EventType;

/**
 * Builds the draw list of one timeline frame: only what is visible, at most about one item
 * per pixel column and row.
 *
 * <ul>
 *   <li>Zoomed out (the decoded window does not cover the view): one bar per pixel column
 *       from the per-bucket summaries (a file's index, or a live session's); per device, bar height from the number of
 *       completed requests and colour from their maximum latency; the trace rings' event
 *       density; red marks where events were lost.</li>
 *   <li>Zoomed in: each request's phases (the analysis's {@link Phase}s and boundaries, as
 *       {@link WindowRequests} has them) in its device lane, the Linux CPU that ran it and the
 *       AP lane; failed requests outlined; doorbell and completion arrows across the OS
 *       boundary when few enough requests are visible; interrupts and health events as ticks.
 *       Parts narrower than a pixel are merged into one cell per pixel column and row (a
 *       failure wins over an outstanding request, which wins over the driver, over the rest).</li>
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
    private static final Phase[] PHASES = Phase.values();
    private static final int RECV = org.pmdi.trace.Op.RECV.code();
    private static final int NET_DROP = EventType.NET_DROP.id();
    private static final int NET_LINK = EventType.NET_LINK.id();
    /** Phases between two Linux points, also drawn in the lane of the CPU that ran them. */
    private static final boolean[] LINUX_PHASE = new boolean[Phase.COUNT];
    /** A failed request narrower than this is marked by its pixel cells, not an outline. */
    private static final double MIN_OUTLINE_PX = 3;

    static {
        LINUX_PHASE[Phase.DISPATCH_WAIT.ordinal()] = true;
        LINUX_PHASE[Phase.DRIVER.ordinal()] = true;
    }

    /** Above this many requests per pixel column the file's summaries say more than single requests. */
    public static final double MAX_REQUESTS_PER_PX = 2;

    public DrawList build(Viewport v, TimelineData data) {
        return build(v, data, DropMarks.none());
    }

    /** As {@link #build(Viewport, TimelineData)}, zoomed out with the NICs' drops marked. */
    public DrawList build(Viewport v, TimelineData data, DropMarks drops) {
        DrawList d = new DrawList();
        boolean detailed = data.spans() != null && (data.index() == null
                || data.windowCovers(v.startNs(), v.endNs()));
        if (detailed && data.index() != null
                && data.spans().countStartingIn(v.startNs(), v.endNs()) > MAX_REQUESTS_PER_PX * v.widthPx()) {
            // too dense to tell requests apart: summaries, plus the outstanding requests on top
            d.summary(true);
            summary(v, data.layout(), data.index(), d);
            drops(v, data.layout(), drops, d);
            outstanding(v, data, d);
            d.truncated(data.truncated());
        } else if (detailed) {
            detailed(v, data, d);
            d.truncated(data.truncated());
        } else if (data.index() != null) {
            d.summary(true);
            summary(v, data.layout(), data.index(), d);
            drops(v, data.layout(), drops, d);
        }
        return d;
    }

    /** Each time bin with drops, as a drop tick across its NIC's lane (at least one pixel wide). */
    private static void drops(Viewport v, LaneLayout lay, DropMarks marks, DrawList d) {
        int w = (int) Math.ceil(v.widthPx());
        marks.bins().forEach((dev, b) -> {
            Lane nic = lay.deviceLane(dev);
            if (nic == null) {
                return;
            }
            int lastPx = -1;
            for (int i = 0; i < b.size(); i++) {
                if (b.count(i) == 0) {
                    continue;
                }
                double x0 = v.x(b.startNs(i) + marks.shiftNs());
                double x1 = v.x(b.endNs(i) + marks.shiftNs());
                if (x1 < 0 || x0 >= w) {
                    continue;
                }
                int p0 = (int) Math.max(Math.max(0, Math.floor(x0)), lastPx + 1);
                int p1 = (int) Math.min(w - 1, Math.max(p0 + 1, Math.ceil(x1)) - 1);
                if (p1 < p0) {
                    continue;
                }
                d.add(DrawList.TICK, p0, nic.y() + 1, p1 - p0 + 1, nic.height() - 2, PhaseColors.FRAME_DROPPED, 0);
                lastPx = p1;
            }
        });
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
        WindowRequests spans = data.spans();
        int w = (int) Math.ceil(v.widthPx());
        for (WindowRequests.Span s : spans.open()) {
            Lane l = s.dev() >= 0 ? data.layout().deviceLane(s.dev()) : null;
            if (l == null || s.start() > v.endNs() || spans.endNs() < v.startNs()) {
                continue;
            }
            double x0 = Math.max(0, v.x(s.start()));
            double x1 = Math.min(w, v.x(Math.max(s.start() + 1, spans.endNs())));
            // as in the detailed view: outstanding only when the window reaches the newest event
            Phase now = data.reachesNewest() ? null : RequestText.currentPhase(s);
            d.add(DrawList.RECT, x0, l.rowY(s.row()), Math.max(2, x1 - x0), l.rowHeight() - 1,
                    waitingNow(s) ? PhaseColors.WAITING_FOR_FRAME
                            : now != null ? PhaseColors.of(now) : PhaseColors.OUTSTANDING, s.req());
            if (s.failed()) {
                d.add(DrawList.FAILED, x0, l.rowY(s.row()), Math.max(2, x1 - x0), l.rowHeight() - 1,
                        PhaseColors.FAILED, s.req());
            }
            if (s.req() == data.selectedReq()) {
                d.add(DrawList.OUTLINE, x0 - 1, l.rowY(s.row()) - 1, Math.max(4, x1 - x0 + 2), l.rowHeight() + 1,
                        SELECT_ARGB, s.req());
            }
        }
    }

    // ---- zoomed in ---------------------------------------------------------------------

    /** Per-pixel cells of one frame: the colour and request of parts narrower than a pixel. */
    private record Cells(int w, int[] argb, long[] req) {
    }

    private static void detailed(Viewport v, TimelineData data, DrawList d) {
        LaneLayout lay = data.layout();
        WindowRequests spans = data.spans();
        int w = (int) Math.ceil(v.widthPx());
        int rows = Math.max(1, lay.rowCount());
        Cells cells = new Cells(w, new int[rows * w], new long[rows * w]);
        long vs = v.startNs();
        long ve = v.endNs();
        long endKnown = Math.max(spans.endNs(), data.windowToNs() == Long.MAX_VALUE ? spans.endNs()
                : Math.min(data.windowToNs(), spans.endNs()));
        List<WindowRequests.Span> visible = new ArrayList<>();
        List<WindowRequests.Span> all = spans.spans();
        for (int i = spans.firstVisible(vs); i < all.size(); i++) {
            WindowRequests.Span s = all.get(i);
            if (s.start() > ve) {
                break;
            }
            if (s.done() && s.end() >= vs) {
                visible.add(s);
            }
        }
        for (WindowRequests.Span s : spans.open()) {
            if (s.start() <= ve && endKnown >= vs) {
                visible.add(s);
            }
        }
        WindowRequests.Span selected = null;
        List<double[]> failed = new ArrayList<>();
        for (WindowRequests.Span s : visible) {
            if (s.req() == data.selectedReq()) {
                selected = s;
            }
            Lane dev = s.dev() >= 0 ? lay.deviceLane(s.dev()) : null;
            Lane cpu = s.linuxSource() >= 0 ? lay.sourceLane(s.linuxSource()) : null;
            Lane ap = s.apSource() >= 0 ? lay.sourceLane(s.apSource()) : null;
            for (Phase ph : PHASES) {
                long a = s.phaseStart(ph);
                long b = s.phaseEnd(ph);
                if (a == WindowRequests.ABSENT || b == WindowRequests.ABSENT) {
                    continue;
                }
                int argb = waitsForFrame(s, ph) ? PhaseColors.WAITING_FOR_FRAME : PhaseColors.of(ph);
                if (dev != null) {
                    seg(v, dev, s.row(), a, b, argb, s.req(), cells, d);
                }
                // a buffer waiting for a frame holds no CPU: only in its device's lane
                if (cpu != null && LINUX_PHASE[ph.ordinal()] && argb != PhaseColors.WAITING_FOR_FRAME) {
                    seg(v, cpu, s.row() % cpu.rows(), a, b, argb, s.req(), cells, d);
                }
                if (ap != null && ph == Phase.PICKUP) {
                    seg(v, ap, 0, a, b, argb, s.req(), cells, d);
                }
            }
            // Not done in the window: outstanding only when the window reaches the newest
            // event; otherwise its end is after the window, drawn on in the phase it is in.
            boolean beyond = !s.done() && !data.reachesNewest();
            long to = s.done() ? s.end() : beyond ? Math.max(s.lastSeen() + 1, data.windowToNs())
                    : Math.max(s.lastSeen() + 1, endKnown);
            if (!s.done() && dev != null) {
                Phase now = beyond ? RequestText.currentPhase(s) : null;
                int argb = waitingNow(s) ? PhaseColors.WAITING_FOR_FRAME
                        : now != null ? PhaseColors.of(now) : PhaseColors.OUTSTANDING;
                if (!beyond || now != null) {
                    seg(v, dev, s.row(), s.lastSeen(), to, argb, s.req(), cells, d);
                }
            }
            if (s.failed() && dev != null) {
                failed(v, dev, s, to, cells, failed);
            }
            long post = s.at(Point.POST);
            if (ap != null && post != WindowRequests.ABSENT) {
                double x = v.x(post);
                if (x >= 0 && x <= w) {
                    seg(v, ap, 1, post, post, PhaseColors.of(Phase.QUEUED), s.req(), cells, d);
                }
            }
        }
        flushCells(lay, cells, d);
        for (double[] f : failed) {
            d.add(DrawList.FAILED, f[0], f[1], f[2], f[3], PhaseColors.FAILED, (long) f[4]);
        }
        ticks(v, lay, spans, w, d);
        if (visible.size() <= MAX_ARROWS) {
            for (WindowRequests.Span s : visible) {
                arrows(v, lay, s, d);
            }
        }
        if (selected != null && selected.dev() >= 0 && lay.deviceLane(selected.dev()) != null) {
            Lane l = lay.deviceLane(selected.dev());
            long a = selected.start();
            long b = selected.done() ? selected.end() : Math.max(a + 1, endKnown);
            double x0 = Math.max(-2, v.x(a));
            double x1 = Math.min(w + 2, v.x(b));
            d.add(DrawList.OUTLINE, x0 - 1, l.rowY(selected.row()) - 1, Math.max(3, x1 - x0 + 2),
                    l.rowHeight() + 2, SELECT_ARGB, selected.req());
        }
    }

    /** A RECV's DRIVER phase: its buffer waiting for a frame, drawn apart from latency. */
    private static boolean waitsForFrame(WindowRequests.Span s, Phase ph) {
        return ph == Phase.DRIVER && s.op() == RECV;
    }

    /** An open RECV between DRV_BEGIN and DRV_END: waiting for a frame, not outstanding. */
    private static boolean waitingNow(WindowRequests.Span s) {
        return s.op() == RECV && s.at(Point.DRV_BEGIN) != WindowRequests.ABSENT
                && s.at(Point.DRV_END) == WindowRequests.ABSENT;
    }

    /**
     * A failed request: an outline around its whole life when it is wide enough to see one,
     * else its pixel cells take the failure colour (which wins over every phase's).
     */
    private static void failed(Viewport v, Lane dev, WindowRequests.Span s, long to, Cells cells,
            List<double[]> out) {
        double x0 = Math.max(0, v.x(s.start()));
        double x1 = Math.min(cells.w(), v.x(to));
        if (x1 < 0 || x0 > cells.w()) {
            return;
        }
        if (x1 - x0 >= MIN_OUTLINE_PX) {
            out.add(new double[] {x0, dev.rowY(s.row()), x1 - x0, dev.rowHeight() - 1, s.req()});
        } else {
            seg(v, dev, s.row(), s.start(), s.start(), PhaseColors.FAILED, s.req(), cells, null);
        }
    }

    private static int priority(int argb) {
        if (argb == PhaseColors.FAILED) {
            return 4;
        }
        if (argb == PhaseColors.OUTSTANDING) {
            return 3;
        }
        return argb == PhaseColors.of(Phase.DRIVER) ? 2 : argb == 0 ? 0 : 1;
    }

    private static void seg(Viewport v, Lane lane, int row, long a, long b, int argb, long req, Cells c,
            DrawList d) {
        double x0 = v.x(a);
        double x1 = v.x(b);
        int w = c.w();
        if (x1 < 0 || x0 > w) {
            return;
        }
        x0 = Math.max(0, x0);
        x1 = Math.min(w, x1);
        if (x1 - x0 >= 1 && d != null) {
            d.add(DrawList.RECT, x0, lane.rowY(row), x1 - x0, lane.rowHeight() - 1, argb, req);
            return;
        }
        int px = Math.min(w - 1, (int) x0);
        int i = (lane.firstRow() + row) * w + px;
        if (priority(argb) >= priority(c.argb()[i])) {
            c.argb()[i] = argb;
            c.req()[i] = req;
        }
    }

    private static void flushCells(LaneLayout lay, Cells cells, DrawList d) {
        int w = cells.w();
        int[] cell = cells.argb();
        long[] cellReq = cells.req();
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

    private static void ticks(Viewport v, LaneLayout lay, WindowRequests spans, int w, DrawList d) {
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
            int t = spans.tickType(i);
            if (t == NET_DROP || t == NET_LINK) {
                nicTick(lay.deviceLane(spans.tickDevice(i)), (int) x, t == NET_DROP, spans.tickUp(i), d);
                continue;
            }
            int li = laneIndex[spans.tickSource(i)];
            if (li < 0) {
                continue;
            }
            Lane l = ls.get(li);
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

    /**
     * A NIC's own event in its lane: a drop as a red tick across the lane, a link change as a
     * thick tick (dark: down, green: up). Every one is drawn: drops are what the lane is for.
     */
    private static void nicTick(Lane nic, int x, boolean drop, boolean up, DrawList d) {
        if (nic == null) {
            return;
        }
        if (drop) {
            d.add(DrawList.TICK, x, nic.y() + 1, 2, nic.height() - 2, PhaseColors.FRAME_DROPPED, 0);
        } else {
            d.add(DrawList.TICK, x - 1, nic.y(), 3, nic.height(), up ? PhaseColors.LINK_UP : PhaseColors.LINK_DOWN,
                    0);
        }
    }

    /**
     * The doorbell across the OS boundary (the AP's decision → when it brought the request to
     * Linux, the start of "waiting for the dispatcher") and the completion back (Linux's reply
     * → when the AP noticed it, the end of "completion delivery"), unless suppressed.
     */
    private static void arrows(Viewport v, LaneLayout lay, WindowRequests.Span s, DrawList d) {
        Lane ap = s.apSource() >= 0 ? lay.sourceLane(s.apSource()) : null;
        Lane cpu = s.linuxSource() >= 0 ? lay.sourceLane(s.linuxSource()) : null;
        if (ap == null || cpu == null) {
            return;
        }
        int f = s.flags();
        long db = s.at(Point.REQUEST_DOORBELL);
        long seen = s.phaseStart(Phase.DISPATCH_WAIT);
        if (db != WindowRequests.ABSENT && seen != WindowRequests.ABSENT
                && (f & (RequestFlags.DOORBELL_SUPPRESSED | RequestFlags.TAKEN_BEFORE_DOORBELL)) == 0) {
            d.add(DrawList.ARROW, v.x(db), ap.y() + ap.height() - 3, v.x(seen), cpu.y() + 3,
                    PhaseColors.of(Phase.DOORBELL), s.req());
        }
        long rp = s.at(Point.COMPLETION_DOORBELL) != WindowRequests.ABSENT ? s.at(Point.COMPLETION_DOORBELL)
                : s.at(Point.REPLY_POST);
        long noticed = s.phaseEnd(Phase.COMPLETION);
        if (rp != WindowRequests.ABSENT && noticed != WindowRequests.ABSENT
                && (f & RequestFlags.COMPLETION_SUPPRESSED) == 0) {
            d.add(DrawList.ARROW, v.x(rp), cpu.y() + 3, v.x(noticed), ap.y() + ap.height() - 3,
                    PhaseColors.of(Phase.COMPLETION), s.req());
        }
    }
}
