package org.pmdi.analysis.latency;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.pmdi.analysis.request.Request;

/**
 * Total latency of one device in fixed windows by completion time: the last
 * {@code keep} windows as histograms (merged for sliding queries), older ones as
 * {@link WindowSummary} rows. Memory is bounded by {@code keep} histograms plus one small
 * row per past non-empty window. Single writer, not thread-safe.
 */
final class LatencyWindows {
    private final int device;
    private final long length;
    private final Histogram[] ring;
    private final long[] ids;
    private long current = Long.MIN_VALUE;
    private final List<WindowSummary> past = new ArrayList<>();

    LatencyWindows(int device, long lengthNs, int keep) {
        this.device = device;
        this.length = lengthNs;
        this.ring = new Histogram[keep];
        this.ids = new long[keep];
        java.util.Arrays.fill(ids, Long.MIN_VALUE);
    }

    /** Fast path: the current window's bounds and histogram. */
    private long curStart = Long.MAX_VALUE;
    private long curEnd = Long.MIN_VALUE;
    private Histogram curHist;
    /** Buffers the fast path's values for {@link #curHist}; flushed before any read. */
    private PendingCounts curPending;

    /**
     * Records row by row ({@code stride} apart, below {@code end}) the value at {@code valueCol}
     * completed at {@code doneCol}, skipping absent values: one loop around the fast path.
     */
    void recordRows(long[] rows, int end, int stride, int doneCol, int valueCol) {
        for (int o = 0; o < end; o += stride) {
            long v = rows[o + valueCol];
            if (v != Request.ABSENT) {
                record(rows[o + doneCol], v);
            }
        }
    }

    void record(long doneNs, long valueNs) {
        if (doneNs >= curStart && doneNs < curEnd) {
            curPending.record(valueNs);
            return;
        }
        recordElsewhere(doneNs, valueNs);
    }

    /** A value outside the current window (kept out of {@link #record} so that it stays small enough to inline). */
    private void recordElsewhere(long doneNs, long valueNs) {
        long w = Math.floorDiv(doneNs, length);
        if (w > current) {
            current = w;
        }
        if (w <= current - ring.length) {
            w = current - ring.length + 1; // too late for its own window: the oldest kept one
        }
        int i = (int) Math.floorMod(w, (long) ring.length);
        if (ids[i] != w) {
            if (ring[i] != null && ring[i] == curHist) {
                flush(); // the buffered values belong to the window being retired
            }
            retire(i);
            if (ring[i] == null) {
                ring[i] = new Histogram(2);
            }
            ring[i].reset();
            ids[i] = w;
        }
        Histogram h = ring[i];
        if (w == current && h != curHist) {
            curStart = w * length;
            curEnd = curStart + length;
            curHist = h;
            if (curPending == null) {
                curPending = new PendingCounts(h, 2);
            } else {
                curPending.retarget(h);
            }
        }
        if (h == curHist) {
            curPending.record(valueNs);
        } else {
            h.recordValue(valueNs); // a late completion, into an older window
        }
    }

    /** Adds the buffered values of the current window to its histogram. */
    void flush() {
        if (curPending != null) {
            curPending.flush();
        }
    }

    private void retire(int i) {
        if (ids[i] != Long.MIN_VALUE && ring[i] != null && ring[i].getTotalCount() > 0) {
            past.add(summary(ids[i], ring[i]));
        }
        ids[i] = Long.MIN_VALUE;
    }

    private WindowSummary summary(long id, Histogram h) {
        return new WindowSummary(device, id * length, length, h.getTotalCount(), h.getValueAtPercentile(50),
                h.getValueAtPercentile(99), h.getMaxValue());
    }

    /** Every non-empty window so far, oldest first. */
    List<WindowSummary> all() {
        flush();
        List<WindowSummary> out = new ArrayList<>(past);
        List<WindowSummary> recent = new ArrayList<>();
        for (int i = 0; i < ring.length; i++) {
            if (ids[i] != Long.MIN_VALUE && ring[i].getTotalCount() > 0) {
                recent.add(summary(ids[i], ring[i]));
            }
        }
        recent.sort(java.util.Comparator.comparingLong(WindowSummary::startNs));
        out.addAll(recent);
        return out;
    }

    /** Merged histogram of the kept windows that start at or after {@code fromNs}. */
    Histogram since(long fromNs) {
        flush();
        Histogram h = new Histogram(2);
        for (int i = 0; i < ring.length; i++) {
            if (ids[i] != Long.MIN_VALUE && (ids[i] + 1) * length > fromNs) {
                h.add(ring[i]);
            }
        }
        return h;
    }
}
