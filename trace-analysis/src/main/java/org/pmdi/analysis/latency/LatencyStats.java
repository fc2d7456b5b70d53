package org.pmdi.analysis.latency;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.pmdi.analysis.request.Phase;
import org.pmdi.analysis.request.Point;
import org.pmdi.analysis.request.Request;
import org.pmdi.analysis.request.RequestListener;
import org.pmdi.analysis.request.RequestView;

/**
 * Per-device, per-phase latency histograms (HdrHistogram, ns; 3 significant digits for the
 * total, 2 for the phases, so that all of them stay in the CPU cache on the hot path) over
 * the whole trace, plus per-device total latency in sliding windows; for a NIC also the
 * latency of each direction ({@link #TX}, {@link #RX}).
 *
 * <pre>{@code
 * LatencyStats s = LatencyStats.create(1_000_000_000L, 64);   // 1 s windows, keep 64
 * tracker.addListener(s);
 * LatencySummary vda = s.summary(0, LatencyStats.TOTAL);
 * Histogram drv = s.histogramCopy(0, Phase.DRIVER.ordinal());
 * List<WindowSummary> overTime = s.windows(0);
 * }</pre>
 *
 * Only successful requests (status ≥ 0) with both REQ_POST and REQ_DONE are recorded: failed
 * ones have their own summary ({@link org.pmdi.analysis.errors.FailureTracker}), so that a
 * burst of fast failures does not make a device look fast. A phase is recorded when both
 * of its ends are known and it is not negative (negative ones are counted by the tracker).
 * Device index: 0..255, or -1 for an unknown device. Single writer, not thread-safe.
 *
 * <p>Network requests: a SEND counts like a block request, and its {@link #TX} is REQ_POST →
 * DRV_END (the driver has the frame: the phases QUEUED to DRIVER). A RECV's DRV_BEGIN → DRV_END
 * is the wait for a frame, not latency: a RECV gives only {@link #RX}, DRV_END (the frame
 * arrived) → REQ_DONE (the AP took it), and its COMPLETION and PICKUP phases; it is kept out
 * of the total, the other phases and the windows.
 */
public final class LatencyStats implements RequestListener {
    /** Phase index of the total latency (after the six {@link Phase}s). */
    public static final int TOTAL = Phase.COUNT;
    /** Series of a SEND's transmit latency: REQ_POST → DRV_END (handed to the driver). */
    public static final int TX = TOTAL + 1;
    /** Series of a RECV's receive latency: DRV_END (frame arrived) → REQ_DONE (taken by the AP). */
    public static final int RX = TOTAL + 2;
    /** Number of series (0..{@link #RX}). */
    public static final int SERIES = RX + 1;
    private static final int SEND = org.pmdi.trace.Op.SEND.code();
    private static final int RECV = org.pmdi.trace.Op.RECV.code();

    private final Histogram[][] hist = new Histogram[257][];
    /** Per device and series: the cheap recording front of {@link #hist}, flushed before reads. */
    private final PendingCounts[][] pend = new PendingCounts[257][];
    private boolean dirty;
    /**
     * Per device: requests not yet counted, a row each (the six phases, the total, the
     * completion time), drained into {@link #pend} and the windows by series.
     */
    private final long[][] buffered = new long[257][];
    private final int[] bufferedCount = new int[257];
    /** Per device: a SEND or RECV is among the buffered rows (else their TX and RX are all absent). */
    private final boolean[] bufferedNet = new boolean[257];
    private static final int DONE = SERIES;
    private static final int ROW = SERIES + 1;
    private static final int BATCH = 256;
    private final LatencyWindows[] windows = new LatencyWindows[257];
    private final long windowNs;
    private final int keep;
    private long completed;
    private long firstDone = Long.MAX_VALUE;
    private long lastDone = Long.MIN_VALUE;

    private LatencyStats(long windowNs, int keep) {
        this.windowNs = windowNs;
        this.keep = keep;
    }

    /** Stats with windows of {@code windowNs} (> 0), keeping the last {@code keep} (≥ 1) as histograms. */
    public static LatencyStats create(long windowNs, int keep) {
        if (windowNs <= 0) {
            throw new IllegalArgumentException("windowNs must be > 0, was " + windowNs);
        }
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, was " + keep);
        }
        return new LatencyStats(windowNs, keep);
    }

    private static int index(int device) {
        return device < 0 ? 256 : device & 0xff;
    }

    @Override
    public void onRequest(RequestView r) {
        long total = r.totalNs();
        if (total == Request.ABSENT || total < 0 || r.status() < 0) {
            return;
        }
        int di = index(r.device());
        if (hist[di] == null) {
            addDevice(di, r.device());
        }
        dirty = true;
        long[] rows = buffered[di];
        int n = bufferedCount[di];
        int o = n * ROW;
        r.phasesNs(rows, o);
        rows[o + TOTAL] = total;
        rows[o + TX] = Request.ABSENT;
        rows[o + RX] = Request.ABSENT;
        long done = r.pointNs(Point.DONE);
        int op = r.op();
        if (op == SEND || op == RECV) {
            network(r, di, rows, o, op == SEND, done);
        }
        rows[o + DONE] = done;
        completed++;
        firstDone = Math.min(firstDone, done);
        lastDone = Math.max(lastDone, done);
        if (++n == BATCH) {
            drain(di, n);
            n = 0;
        }
        bufferedCount[di] = n;
    }

    /**
     * The first request of device index {@code di}: its histograms, buffer and windows. Out of
     * {@link #onRequest}, like {@link #network}, so that it stays under FreqInlineSize (325
     * bytes) and is inlined into the tracker's finalization instead of called per request.
     */
    private void addDevice(int di, int device) {
        Histogram[] hs = new Histogram[SERIES];
        PendingCounts[] ps = new PendingCounts[SERIES];
        for (int i = 0; i < SERIES; i++) {
            int digits = i >= TOTAL ? 3 : 2;
            hs[i] = new Histogram(digits);
            ps[i] = new PendingCounts(hs[i], digits);
        }
        hist[di] = hs;
        pend[di] = ps;
        buffered[di] = new long[BATCH * ROW];
        windows[di] = new LatencyWindows(device, windowNs, keep);
    }

    /** A SEND's TX, or a RECV's RX with only its last phases kept, in the row at {@code rows[o]}. */
    private void network(RequestView r, int di, long[] rows, int o, boolean send, long done) {
        bufferedNet[di] = true;
        if (send) {
            rows[o + TX] = between(r.pointNs(Point.POST), r.pointNs(Point.DRV_END));
            return;
        }
        rows[o + RX] = between(r.pointNs(Point.DRV_END), done);
        for (int i = 0; i < Phase.COMPLETION.ordinal(); i++) {
            rows[o + i] = Request.ABSENT; // the wait for a frame and what led to it
        }
        rows[o + TOTAL] = Request.ABSENT;
    }

    /**
     * Records the {@code n} requests buffered for device index {@code di}: a series at a time,
     * so that each loop touches one set of counts (cheaper than seven per request).
     */
    private void drain(int di, int n) {
        long[] rows = buffered[di];
        PendingCounts[] ps = pend[di];
        // TX and RX only when a network request is buffered: a block device's are all absent
        int series = bufferedNet[di] ? SERIES : TX;
        bufferedNet[di] = false;
        for (int i = 0; i < series; i++) {
            // negative values (ABSENT, the most negative long, or a negative phase) are skipped
            ps[i].recordEvery(rows, i, n * ROW, ROW);
        }
        windows[di].recordRows(rows, n * ROW, ROW, DONE, TOTAL);
    }

    private static long between(long from, long to) {
        return from == Request.ABSENT || to == Request.ABSENT ? Request.ABSENT : to - from;
    }

    /** Adds every buffered value to its histogram; every reader calls it first. */
    private void flush() {
        if (!dirty) {
            return;
        }
        dirty = false;
        for (int d = 0; d < 257; d++) {
            if (pend[d] != null) {
                drain(d, bufferedCount[d]);
                bufferedCount[d] = 0;
                for (PendingCounts p : pend[d]) {
                    p.flush();
                }
                windows[d].flush();
            }
        }
    }

    /** Devices with at least one recorded request, ascending (-1 last when present). */
    public List<Integer> devices() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            if (hist[i] != null) {
                out.add(i == 256 ? -1 : i);
            }
        }
        return out;
    }

    /** Seconds between the first and the last completion recorded. */
    public double spanSeconds() {
        return lastDone > firstDone ? (lastDone - firstDone) / 1e9 : 0;
    }

    /** The series' name in summaries: a phase key, "total", "tx" or "rx". */
    public static String seriesName(int series) {
        return switch (series) {
            case TOTAL -> "total";
            case TX -> "tx";
            case RX -> "rx";
            default -> Phase.of(series).key();
        };
    }

    /**
     * Summary of {@code device}'s series (0..5 a {@link Phase}, {@link #TOTAL}, {@link #TX} or
     * {@link #RX}).
     */
    public LatencySummary summary(int device, int series) {
        flush();
        if (series < 0 || series >= SERIES) {
            throw new IllegalArgumentException("series must be 0.." + (SERIES - 1) + ", was " + series);
        }
        Histogram[] hs = hist[index(device)];
        String name = seriesName(series);
        if (hs == null) {
            return new LatencySummary(device, name, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        return LatencySummary.of(device, name, hs[series], spanSeconds());
    }

    /** A copy of the histogram (empty when the device has none). */
    public Histogram histogramCopy(int device, int series) {
        flush();
        Histogram[] hs = hist[index(device)];
        return hs == null ? new Histogram(series >= TOTAL ? 3 : 2) : hs[series].copy();
    }

    /** The windows of {@code device}'s total latency, oldest first. */
    public List<WindowSummary> windows(int device) {
        flush();
        LatencyWindows w = windows[index(device)];
        return w == null ? List.of() : w.all();
    }

    /** Total latency of {@code device} merged over the kept windows ending after {@code fromNs}. */
    public LatencySummary recent(int device, long fromNs) {
        flush();
        LatencyWindows w = windows[index(device)];
        Histogram h = w == null ? new Histogram(2) : w.since(fromNs);
        return LatencySummary.of(device, "total", h, 0);
    }

    public long windowNs() {
        return windowNs;
    }
}
